package io.lifeboat.inventory;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import java.time.Instant;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A vSphere endpoint: a tenant's vCenter or the provider's. The password is stored encrypted. Updates write only the
 * columns they changed: the inventory sync records each contact with an update query of its own meanwhile.
 */
@Entity
@DynamicUpdate
class Site {

    @Id
    @GeneratedValue(generator = "site_seq")
    @SequenceGenerator(name = "site_seq", allocationSize = 50)
    private Long id;
    private String name;
    private String url;
    private String username;
    private String passwordEncrypted;
    private boolean trustAllCerts;
    private String certificateSha256;
    private String managedBy;
    private String applianceTemplate;
    private String applianceUplinkNetwork;
    private Instant contactCheckedAt;
    private Instant failingSince;
    private String contactError;

    protected Site() {
    }

    Site(String name) {
        this.name = name;
    }

    void connectTo(String url, String username, String passwordEncrypted, boolean trustAllCerts) {
        this.url = url;
        this.username = username;
        this.passwordEncrypted = passwordEncrypted;
        this.trustAllCerts = trustAllCerts;
    }

    Long getId() {
        return id;
    }

    String getName() {
        return name;
    }

    String getUrl() {
        return url;
    }

    String getUsername() {
        return username;
    }

    String getPasswordEncrypted() {
        return passwordEncrypted;
    }

    boolean isTrustAllCerts() {
        return trustAllCerts;
    }

    String getCertificateSha256() {
        return certificateSha256;
    }

    /** Pins the certificate the provider checked; null for plain http or a certificate the JDK trusts by itself. */
    void trustCertificate(String sha256) {
        this.certificateSha256 = sha256;
    }

    String getManagedBy() {
        return managedBy;
    }

    void managedBy(String source) {
        this.managedBy = source;
    }

    void applianceSettings(String template, String uplinkNetwork) {
        this.applianceTemplate = template;
        this.applianceUplinkNetwork = uplinkNetwork;
    }

    String getApplianceTemplate() {
        return applianceTemplate;
    }

    String getApplianceUplinkNetwork() {
        return applianceUplinkNetwork;
    }

    /** The site has just answered a login: the saved site starts as working, not as unchecked. */
    void workedAt(Instant at) {
        this.contactCheckedAt = at;
        this.failingSince = null;
        this.contactError = null;
    }

    SiteContact contact() {
        return new SiteContact(contactCheckedAt, failingSince, contactError);
    }

    SiteSummary summary(long tenantsPlaced) {
        return new SiteSummary(id, name, url, username, certificateSha256, trustAllCerts, managedBy != null,
                applianceTemplate, applianceUplinkNetwork, tenantsPlaced, contact());
    }

    /** How to reach the site, its password decrypted: what every connection to it starts from. */
    io.lifeboat.hypervisor.SiteEndpoint endpoint(SecretCipher cipher) {
        return new io.lifeboat.hypervisor.SiteEndpoint(url, username, cipher.decrypt(passwordEncrypted, "site:" + name), trustAllCerts,
                certificateSha256);
    }
}
