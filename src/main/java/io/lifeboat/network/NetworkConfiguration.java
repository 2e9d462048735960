package io.lifeboat.network;

import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class NetworkConfiguration {

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
