package io.lifeboat.inventory;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;

/** A vSphere endpoint: a tenant's vCenter or the provider's. The password is stored encrypted. */
@Entity
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
}
