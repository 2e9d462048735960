package io.lifeboat.webhooks;

import io.lifeboat.audit.Audited;
import io.lifeboat.pki.PrivateKeySealer;
import io.lifeboat.tenancy.AccessDeniedException;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.InvalidInputException;
import io.lifeboat.tenancy.TenantContext;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registering, listing and removing webhook endpoints, and their deliveries. A tenant operator manages the tenant's
 * endpoints, the provider's administrator the provider's (which receive every tenant's events); viewers may look.
 */
@Service
public class WebhookService {

    private final WebhookEndpointRepository endpoints;
    private final WebhookDeliveryRepository deliveries;
    private final CurrentTenant currentTenant;
    private final PrivateKeySealer sealer;
    private final WebhookDestinations destinations;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    WebhookService(WebhookEndpointRepository endpoints, WebhookDeliveryRepository deliveries, CurrentTenant currentTenant, PrivateKeySealer sealer,
                   WebhookDestinations destinations, Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.currentTenant = currentTenant;
        this.sealer = sealer;
        this.destinations = destinations;
        this.clock = clock;
    }

    /**
     * Registers an endpoint for {@code events} and returns it with its signing secret (shown once).
     *
     * @throws InvalidInputException when the URL is not an absolute http(s) URL, its host is or resolves to an internal
     *                               address (unless the provider allows those), or no event is chosen
     */
    @Audited("Register webhook")
    @Transactional
    public RegisteredWebhook register(String url, Set<WebhookEvent> events) {
        TenantContext owner = manager();
        URI uri = receivingUrl(url);
        if (events == null || events.isEmpty()) {
            throw new InvalidInputException("events", "Choose at least one event to send to this endpoint.");
        }
        List<String> notYours = events.stream().filter(event -> !mayReceive(owner, event)).map(WebhookEvent::wireName).sorted().toList();
        if (!notYours.isEmpty()) {
            throw new InvalidInputException("events", String.join(" and ", notYours) + ": only the provider's endpoints receive these events"
                    + " (they concern the provider's sites).");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = "whsec_" + HexFormat.of().formatHex(bytes);
        WebhookEndpoint saved = endpoints.save(new WebhookEndpoint(owner.tenantId(), uri.toString(), sealer.seal(secret, sealContext(uri.toString())),
                events, owner.username(), clock.instant()));
        return new RegisteredWebhook(saved.view(), secret);
    }

    private URI receivingUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url == null ? "" : url.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("url", "That is not a URL: " + e.getMessage());
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new InvalidInputException("url", "A webhook URL starts with https:// (or http://) and names a host.");
        }
        destinations.refusal(uri.getHost()).ifPresent(reason -> {
            throw new InvalidInputException("url", reason);
        });
        return uri;
    }

    /** The events the caller's endpoints may subscribe to: all for the provider, a tenant's own for a tenant. */
    public List<WebhookEvent> eventsToChooseFrom() {
        TenantContext caller = currentTenant.get();
        return Arrays.stream(WebhookEvent.values()).filter(event -> mayReceive(caller, event)).toList();
    }

    private static boolean mayReceive(TenantContext owner, WebhookEvent event) {
        return owner.isProvider() || !event.providerOnly();
    }

    /** The caller's endpoints: the tenant's, or the provider's own. */
    @Transactional(readOnly = true)
    public List<WebhookEndpointInfo> endpoints() {
        return endpoints.ownedBy(currentTenant.get().tenantId()).stream().map(WebhookEndpoint::view).toList();
    }

    /** Removes one of the caller's endpoints with its deliveries; another's id is refused like a missing one. */
    @Audited("Remove webhook")
    @Transactional
    public void remove(long endpointId) {
        TenantContext owner = manager();
        WebhookEndpoint endpoint = endpoints.findById(endpointId).filter(e -> java.util.Objects.equals(e.getTenantId(), owner.tenantId()))
                .orElseThrow(() -> new AccessDeniedException("There is no webhook with id " + endpointId + " in your organisation."));
        endpoints.delete(endpoint);
    }

    /** Deliveries to the caller's endpoints, newest first. */
    @Transactional(readOnly = true)
    public List<WebhookDeliveryInfo> deliveries(int offset, int limit) {
        Map<Long, String> urls = endpoints.ownedBy(currentTenant.get().tenantId()).stream()
                .collect(Collectors.toMap(WebhookEndpoint::getId, WebhookEndpoint::getUrl));
        if (urls.isEmpty()) {
            return List.of();
        }
        int size = Math.max(1, limit);
        return deliveries.ofEndpoints(urls.keySet(), PageRequest.of(offset / size, size)).stream()
                .map(d -> d.view(urls.get(d.getEndpointId()))).toList();
    }

    String secretOf(WebhookEndpoint endpoint) {
        return sealer.open(endpoint.getSecretSealed(), sealContext(endpoint.getUrl()));
    }

    private TenantContext manager() {
        TenantContext context = currentTenant.get();
        return context.isProvider() ? context : currentTenant.requireOperator();
    }

    static String sealContext(String url) {
        return "webhook " + url;
    }

}
