package io.lifeboat.network;

import io.lifeboat.appliance.ControlRpc;
import io.lifeboat.gateway.EnrolmentTokens;
import io.lifeboat.pki.ApplianceCertificates;
import io.lifeboat.tenancy.AdministrativeChange;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.InvalidInputException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The provider's Cloud Gateway hosts that relay tenants' tunnels (ADR 0013): enrolling one (a one-time token and the
 * CA it trusts the portal by) and which have connected. Only when this portal lets gateway hosts relay
 * ({@code lifeboat.appliance-control.tunnel-relay=gateway-hosts}).
 */
@Service
public class GatewayHostService {

    /** Long enough to install and configure a host; the token works once. */
    static final Duration TOKEN_VALIDITY = Duration.ofHours(24);

    /**
     * A gateway host as last seen by any node; {@code current} while a node refreshed it within three heartbeats;
     * {@code copyAddress} where a second process with its certificate (a copied host) dials from and is refused, null
     * when none did lately; {@code certificateExpires}: of the control certificate it connected with (null until read);
     * {@code certificateNotRenewed}: that one expires within {@link #RENEWAL_OVERDUE}, although hosts renew at two thirds
     * of its life (ADR 0014).
     */
    public record GatewayHost(String name, String relayAddress, Instant lastSeen, boolean current, String copyAddress,
                              Instant certificateExpires, boolean certificateNotRenewed) {
    }

    /** A certificate of 397 days renews 132 days before it expires: 30 days before, it failed for a long time. */
    static final Duration RENEWAL_OVERDUE = Duration.ofDays(30);

    /** What the provider writes into the host's {@code /etc/lifeboat/cloud-gateway.conf} and {@code portal-ca.pem}. */
    public record Enrolment(String name, String token, Instant expires, String portalCaPem, String portalControl) {
        @Override
        public String toString() {
            return "Enrolment[" + name + ", token=<hidden>]";
        }
    }

    private final Optional<GatewayHostRelays> relays;
    private final EnrolmentTokens tokens;
    private final ApplianceCertificates certificates;
    private final ApplianceControlProperties properties;
    private final CurrentTenant currentTenant;
    private final ApplicationEventPublisher events;
    private final GatewayHostRecords records;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final boolean lab;

    GatewayHostService(Optional<GatewayHostRelays> relays, EnrolmentTokens tokens, ApplianceCertificates certificates,
                       ApplianceControlProperties properties, CurrentTenant currentTenant, ApplicationEventPublisher events,
                       GatewayHostRecords records, Clock clock,
                       PlatformTransactionManager transactionManager, @Value("${lifeboat.lab.enabled:false}") boolean lab) {
        this.relays = relays;
        this.tokens = tokens;
        this.certificates = certificates;
        this.properties = properties;
        this.currentTenant = currentTenant;
        this.events = events;
        this.records = records;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        this.lab = lab;
    }

    /** Whether this portal's tunnels go through gateway hosts; when not, the reason, for the page to show. */
    public Optional<String> unavailableReason() {
        currentTenant.requireProvider();
        if (relays.isPresent()) {
            return Optional.empty();
        }
        if (lab) {
            return Optional.of("In the lab the tunnels go through the lab's own two Cloud Gateways, which the portal starts in"
                    + " network namespaces. Gateway hosts are enrolled here in a real installation that sets"
                    + " lifeboat.appliance-control.tunnel-relay=gateway-hosts (docs/network.md).");
        }
        if (properties.listen().isBlank()) {
            return Optional.of("This portal extends no tenant network yet: set lifeboat.appliance-control.listen, then"
                    + " lifeboat.appliance-control.tunnel-relay=gateway-hosts to let Cloud Gateway hosts relay the tunnels (docs/network.md).");
        }
        return Optional.of("This portal relays the tenants' tunnels itself (lifeboat.appliance-control.tunnel-relay=portal). To let"
                + " Cloud Gateway hosts relay them, set lifeboat.appliance-control.tunnel-relay=gateway-hosts (docs/network.md).");
    }

    public List<GatewayHost> gatewayHosts() {
        currentTenant.requireProvider();
        Instant overdue = clock.instant().plus(RENEWAL_OVERDUE);
        return records.hosts().stream().map(h -> new GatewayHost(h.name(), h.relayAddress(), h.seenAt(), h.current(), h.copyAddress(),
                h.certificateExpires(), h.certificateExpires() != null && h.certificateExpires().isBefore(overdue))).toList();
    }

    /**
     * Removes gateway host {@code name}: its certificate is revoked and its record deleted; the node it is connected to
     * tells it to relay nothing and closes its stream (at once when that is this node, else within a heartbeat). Tenant
     * NEAs that reached their tunnel through it go on through the other hosts they were given.
     *
     * @throws InvalidInputException when no host of that name is known
     */
    public void remove(String name) {
        String actor = currentTenant.requireProvider().username();
        transactions.executeWithoutResult(status -> {
            records.host(name).orElseThrow(() -> new InvalidInputException("name", "No gateway host is named " + name + "."));
            Optional<BigInteger> serial = certificates.revokeGatewayHost(ControlRpc.gatewayHostId(name));
            records.deleteHost(name);
            events.publishEvent(new AdministrativeChange(actor, null, "Cloud Gateway host " + name + " removed",
                    serial.map(s -> "certificate " + s.toString(16) + " revoked").orElse("it had no certificate on record")));
        });
        relays.ifPresent(GatewayHostRelays::dismissRemoved);   // commands to the host: after the transaction
    }

    /**
     * A one-time token for gateway host {@code name}, valid {@link #TOKEN_VALIDITY}. A host of that name enrolled before
     * keeps its certificate until the token is used: the new certificate revokes it, and a node holding the old host's
     * stream tells it to relay nothing and closes it (within a heartbeat).
     *
     * @throws InvalidInputException when the name is not a host name or this portal has no gateway hosts
     */
    @Transactional
    public Enrolment enrol(String name) {
        String actor = currentTenant.requireProvider().username();
        unavailableReason().ifPresent(reason -> {
            throw new InvalidInputException("name", reason);
        });
        String id;
        try {
            id = ControlRpc.gatewayHostId(name == null ? null : name.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("name", "Name the gateway host with 1-63 lower-case letters, digits, '.' or '-', e.g. gw1.");
        }
        Instant expires = clock.instant().plus(TOKEN_VALIDITY);
        String token = tokens.issue(id, TOKEN_VALIDITY);
        events.publishEvent(new AdministrativeChange(actor, null, "Enrolment token for Cloud Gateway host " + name.trim() + " issued",
                "valid until " + expires.truncatedTo(ChronoUnit.SECONDS) + ", once"));
        return new Enrolment(name.trim(), token, expires, certificates.gatewayCaPem(), portalControl());
    }

    /** Where a host dials the control server; a wildcard listen address names no host, so the provider fills it in. */
    private String portalControl() {
        InetSocketAddress listen = properties.listenAddress();
        return listen.getAddress() != null && listen.getAddress().isAnyLocalAddress()
                ? "<the portal's name, as in lifeboat.appliance-control.names>:" + listen.getPort() : properties.listen();
    }
}
