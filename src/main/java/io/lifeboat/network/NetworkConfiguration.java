package io.lifeboat.network;

import io.lifeboat.gateway.EnrolmentTokens;
import io.lifeboat.pki.ApplianceCertificates;
import io.lifeboat.pki.PrivateKeySealer;
import io.lifeboat.pki.TunnelCredentialStore;
import io.lifeboat.pki.TunnelPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The network extension, assembled here the same way whichever appliance runtime and relay the installation provides:
 * the lab's ({@code lab.LabDataPlane}) or, outside the lab, the portal's own ({@link PortalApplianceRuntime},
 * {@link PortalTunnelRelay}; ADR 0008).
 */
@Configuration
@EnableConfigurationProperties({NetworkExtensionProperties.class, ApplianceControlProperties.class})
class NetworkConfiguration {

    private static final Duration APPLIANCE_CERTIFICATE_VALIDITY = Duration.ofDays(397);

    /**
     * The portal's master key for secrets at rest (site passwords, tunnel private keys): {@code lifeboat.secrets.key}
     * (base64 of 32 bytes), or a key file created on first start with owner-only permissions.
     */
    @Bean
    PrivateKeySealer masterKeySealer(@Value("${lifeboat.secrets.key:}") String base64Key,
                                     @Value("${lifeboat.secrets.key-file:./data/secret.key}") Path keyFile) {
        try {
            return base64Key.isBlank() ? PrivateKeySealer.fromKeyFile(keyFile) : PrivateKeySealer.fromBase64(base64Key);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the secrets key file " + keyFile, e);
        }
    }

    /**
     * The one-time enrolment tokens the appliances' control server accepts: {@link ApplianceVms} registers the token it
     * writes into each NEA VM's guestinfo here, and the control server (the lab's, or the portal's behind the gateway)
     * redeems it when that VM's agent enrols.
     */
    @Bean
    EnrolmentTokens enrolmentTokens(JdbcTemplate jdbc) {
        return new EnrolmentTokens(new StoredEnrolmentTokens(jdbc));
    }

    /**
     * The appliances' CAs (one per tenant, one for the gateways) and revocations, kept in the database with the keys
     * sealed, so that appliances enrolled before a portal restart are still recognised after it.
     */
    @Bean
    ApplianceCertificates applianceCertificates(JdbcTemplate jdbc, PrivateKeySealer masterKeySealer) {
        return new ApplianceCertificates(APPLIANCE_CERTIFICATE_VALIDITY, new StoredApplianceAuthorities(jdbc, masterKeySealer));
    }

    @Bean
    TunnelCredentialStore tunnelCredentials(NetworkExtensionProperties properties, PrivateKeySealer masterKeySealer) {
        return new TunnelCredentialStore(properties.tunnelCredentialsDir(), masterKeySealer, new TunnelPki());
    }

    /**
     * Only where there is an appliance runtime and a relay; without them {@link DataPlane} says why networks are not
     * extended. The runtimes are scanned components, registered before this condition is evaluated.
     */
    @Bean
    @ConditionalOnBean({ApplianceRuntime.class, TunnelRelay.class})
    NetworkExtension networkExtension(ApplianceRuntime runtime, TunnelRelay relay, TunnelCredentialStore tunnelCredentials,
                                      NetworkExtensionProperties properties, ObjectProvider<ReleasedAddresses> released) {
        // asked lazily: the replicas' room depends on this one, so its bean may not exist yet when this one is made
        return new NetworkExtension(runtime, relay, tunnelCredentials, properties.options(),
                (tenant, networkId, ip) -> released.getIfAvailable(() -> ReleasedAddresses.NONE).released(tenant, networkId, ip));
    }
}
