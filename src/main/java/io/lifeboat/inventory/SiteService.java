package io.lifeboat.inventory;

import io.lifeboat.tenancy.AccessDeniedException;
import io.lifeboat.tenancy.AdministrativeChange;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.InvalidInputException;
import io.lifeboat.hypervisor.Hypervisor;
import io.lifeboat.hypervisor.BoundedReads;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.hypervisor.ServerCertificate;
import io.lifeboat.hypervisor.SiteEndpoint;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The provider's vCenter sites, managed in the portal (provider administrators only). A site is saved only after a
 * working login with the certificate the provider trusted; from then on that certificate is pinned. Sites declared in
 * configuration are read-only here. vSphere calls run outside any transaction.
 */
@Service
public class SiteService {

    private static final Pattern SITE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    private final SiteRepository sites;
    private final TenantPlacementRepository placements;
    private final HypervisorConnector connector;
    private final SecretCipher cipher;
    private final CurrentTenant currentTenant;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final BoundedReads boundedReads;

    SiteService(SiteRepository sites, TenantPlacementRepository placements, HypervisorConnector connector, SecretCipher cipher,
                CurrentTenant currentTenant, ApplicationEventPublisher events, PlatformTransactionManager transactionManager, Clock clock,
                BoundedReads boundedReads) {
        this.boundedReads = boundedReads;
        this.sites = sites;
        this.placements = placements;
        this.connector = connector;
        this.cipher = cipher;
        this.currentTenant = currentTenant;
        this.events = events;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<SiteSummary> listSites() {
        currentTenant.requireProvider();
        // two queries however many sites: an open Sites page reads this every few seconds
        Map<Long, Long> tenantsUsing = placements.countUsingEachSite();
        return sites.findAll(Sort.by("name")).stream().map(site -> site.summary(tenantsUsing.getOrDefault(site.getId(), 0L))).toList();
    }

    /**
     * Why sites are stopped, by site name, for the Sites page: a pinned site whose certificate is no longer the trusted
     * one (nothing is sent to it until the provider trusts the new one), or that cannot be reached to tell. One TLS
     * handshake per pinned site, no login; sites that are fine are absent.
     */
    public Map<String, String> stoppedSites() {
        currentTenant.requireProvider();
        List<Site> pinned = transactions.execute(status -> sites.findAll(Sort.by("name"))).stream()
                .filter(site -> site.getCertificateSha256() != null && !site.isTrustAllCerts()).toList();
        Map<String, String> stopped = new LinkedHashMap<>();
        for (Site site : pinned) {
            try {
                ServerCertificate now = ServerCertificate.fetch(site.getUrl());
                if (!now.matches(site.getCertificateSha256())) {
                    stopped.put(site.getName(), "Stopped: its certificate has changed since you trusted it (now SHA-256 " + now.sha256()
                            + "). Nothing is sent to it until you select it, use Test connection, compare the thumbprint and trust it.");
                }
            } catch (HypervisorException e) {
                stopped.put(site.getName(), "Cannot be checked: " + e.getMessage());
            }
        }
        return stopped;
    }

    /**
     * Fetches the site's certificate (without trusting it) and logs in with exactly that certificate, so the provider
     * sees both the thumbprint to check and that the credentials work. Throws {@link InvalidInputException} naming the
     * field at fault: an unreachable URL, refused credentials.
     */
    public ConnectionCheck testConnection(SiteForm form) {
        currentTenant.requireProvider();
        Optional<Site> existing = checkForm(form);
        ServerCertificate certificate = certificateOf(form.url());
        String pin = certificate == null ? null : certificate.sha256();
        SiteEndpoint endpoint = endpoint(form, existing, pin);
        Hypervisor session = login(endpoint);
        boolean changed = existing.isPresent() && existing.get().getCertificateSha256() != null && pin != null
                && !existing.get().getCertificateSha256().equals(pin);
        Found found = answered(endpoint, "listing its folders and networks",
                () -> new Found(session.listFolders().size(), session.listNetworks().size(), session.datacenters()));
        return new ConnectionCheck(pin, certificate == null ? null : certificate.subject(),
                certificate == null ? null : certificate.notAfter(), changed, found.folders(), found.networks(), found.datacenters());
    }

    /**
     * Creates or updates the site and pins {@code trustedCertificateSha256}, after logging in with it (so nothing is
     * saved that does not work). An https site needs a trusted thumbprint: Test connection shows it.
     */
    public SiteSummary saveSite(SiteForm form) {
        String actor = currentTenant.requireProvider().username();
        Optional<Site> existing = checkForm(form);
        if (existing.isPresent() && existing.get().getManagedBy() != null) {
            throw managed(existing.get()); // before logging in: the answer does not depend on the site
        }
        boolean https = form.url().trim().toLowerCase().startsWith("https:");
        if (https && (form.trustedCertificateSha256() == null || form.trustedCertificateSha256().isBlank())) {
            throw new InvalidInputException("url", "Test the connection and trust the site's certificate before saving.");
        }
        String pin = https ? form.trustedCertificateSha256().trim() : null;
        SiteEndpoint endpoint = endpoint(form, existing, pin);
        login(endpoint);
        Instant loggedIn = clock.instant();
        return transactions.execute(status -> {
            Site site = sites.findByName(form.name().trim()).orElseGet(() -> new Site(form.name().trim()));
            if (site.getManagedBy() != null) {
                throw managed(site);
            }
            site.connectTo(endpoint.url(), endpoint.username(), cipher.encrypt(endpoint.password(), "site:" + site.getName()), false);
            site.trustCertificate(pin);
            site.applianceSettings(blankToNull(form.applianceTemplate()), blankToNull(form.applianceUplinkNetwork()));
            site.workedAt(loggedIn);
            Site saved = sites.save(site);
            events.publishEvent(new AdministrativeChange(actor, null, "Site " + site.getName() + (existing.isPresent() ? " changed" : " added"),
                    endpoint.url() + (pin == null ? "" : ", certificate SHA-256 " + pin + " trusted")));
            return saved.summary(placements.countUsing(saved.getId()));
        });
    }

    /** Deletes a site no tenant uses; refused, with the reason, otherwise. */
    @Transactional
    public void deleteSite(String name) {
        String actor = currentTenant.requireProvider().username();
        Site site = sites.findByName(name).orElseThrow(() -> new InvalidInputException(null, "There is no site " + name + "."));
        if (site.getManagedBy() != null) {
            throw managed(site);
        }
        long using = placements.countUsing(site.getId());
        if (using > 0) {
            throw new InvalidInputException(null, "Site " + name + " is in use by " + using + (using == 1 ? " tenant" : " tenants")
                    + ": move their VMs to another site first.");
        }
        sites.delete(site);
        events.publishEvent(new AdministrativeChange(actor, null, "Site " + name + " deleted", site.getUrl()));
    }

    /**
     * The folders below the site's VM folder, for pick lists; waited for a few seconds ({@link BoundedReads}).
     *
     * @throws HypervisorException when the site does not answer in time, or refuses
     */
    public List<String> folders(String siteName) {
        currentTenant.requireProvider();
        SiteEndpoint endpoint = storedEndpoint(siteName);
        return boundedReads.read(endpoint.url(), "listing its folders", () -> connector.connect(endpoint).listFolders());
    }

    /** The site's networks (port groups), for pick lists; as {@link #folders}. */
    public List<String> networks(String siteName) {
        currentTenant.requireProvider();
        SiteEndpoint endpoint = storedEndpoint(siteName);
        return boundedReads.read(endpoint.url(), "listing its networks", () -> connector.connect(endpoint).listNetworks());
    }

    private SiteEndpoint storedEndpoint(String siteName) {
        Site site = transactions.execute(status -> sites.findByName(siteName).orElse(null));
        if (site == null) {
            throw new InvalidInputException("site", "There is no site " + siteName + ".");
        }
        return site.endpoint(cipher);
    }

    private Optional<Site> checkForm(SiteForm form) {
        if (form.name() == null || !SITE_NAME.matcher(form.name().trim()).matches()) {
            throw new InvalidInputException("name", "Use lower-case letters, digits, '.', '_' and '-' (e.g. provider-vc).");
        }
        URI uri;
        try {
            uri = URI.create(form.url() == null ? "" : form.url().trim());
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
            throw new InvalidInputException("url", "Enter the vCenter's SDK URL, e.g. https://vc.example.com/sdk.");
        }
        if (form.url().trim().length() > 500) {
            throw new InvalidInputException("url", "A site's URL has 500 characters at most.");
        }
        if (form.username() == null || form.username().isBlank()) {
            throw new InvalidInputException("username", "Enter the user Lifeboat logs in as (e.g. svc-lifeboat@vsphere.local).");
        }
        if (form.username().trim().length() > 200) {
            throw new InvalidInputException("username", "A user name has 200 characters at most.");
        }
        Optional<Site> existing = transactions.execute(status -> sites.findByName(form.name().trim()));
        if (existing.isPresent() && existing.get().getManagedBy() != null) {
            throw managed(existing.get());
        }
        boolean noPassword = form.password() == null || form.password().isEmpty();
        if (existing.isEmpty() && noPassword) {
            throw new InvalidInputException("password", "Enter the password.");
        }
        if (noPassword && !existing.get().getUrl().trim().equals(form.url().trim())) {
            // the stored password goes only to the vCenter it was saved for, never to a URL typed in since
            throw new InvalidInputException("password", "Enter the password again: the URL has changed, and the stored password is sent only"
                    + " to " + existing.get().getUrl() + ".");
        }
        return existing;
    }

    private SiteEndpoint endpoint(SiteForm form, Optional<Site> existing, String pin) {
        String password = form.password() != null && !form.password().isEmpty() ? form.password()
                : cipher.decrypt(existing.orElseThrow().getPasswordEncrypted(), "site:" + existing.get().getName());
        return new SiteEndpoint(form.url().trim(), form.username().trim(), password, false, pin);
    }

    private static ServerCertificate certificateOf(String url) {
        if (!url.trim().toLowerCase().startsWith("https:")) {
            return null;
        }
        try {
            return ServerCertificate.fetch(url.trim());
        } catch (HypervisorException e) {
            throw new InvalidInputException("url", e.getMessage());
        }
    }

    private record Found(int folders, int networks, List<String> datacenters) {
    }

    private Hypervisor login(SiteEndpoint endpoint) {
        return answered(endpoint, "logging in", () -> connector.connect(endpoint));
    }

    /**
     * What the site answers, waited for a few seconds ({@link BoundedReads}): a vCenter that accepts connections but
     * never answers held the Sites page for its two-minute read timeout. A failure is the form's URL or password error.
     */
    private <T> T answered(SiteEndpoint endpoint, String what, Supplier<T> call) {
        try {
            return boundedReads.read(endpoint.url(), what, call);
        } catch (HypervisorException e) {
            throw new InvalidInputException(switch (e.kind()) {
                case AUTHENTICATION -> "password";
                default -> "url";
            }, e.getMessage());
        }
    }

    private static AccessDeniedException managed(Site site) {
        return new AccessDeniedException("Site " + site.getName() + " is managed by configuration (lifeboat.setup): change it there.");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
