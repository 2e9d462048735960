package io.lifeboat.network;

import io.lifeboat.pki.PrivateKeySealer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class NetworkConfiguration {

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

    /** Without a lab, networks are not extended until production NEAs (VMs through vSphere) are configured. */
    @Bean
    @ConditionalOnMissingBean(DataPlane.class)
    DataPlane noDataPlane() {
        return new DataPlane() {
            @Override
            public Optional<NetworkExtension> extension() {
                return Optional.empty();
            }

            @Override
            public String unavailableReason() {
                return "No network extension runtime is configured on this portal, so failed-over VMs keep their IPs but"
                        + " are not reachable from the tenant's LAN. Production NEAs (VMs through vSphere) are not built yet.";
            }
        };
    }
}
