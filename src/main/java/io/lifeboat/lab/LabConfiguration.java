package io.lifeboat.lab;

import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.SiteEndpoint;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The lab's plan and its two running vSphere sites, as beans: {@link LabBootstrap} seeds the portal from them, the
 * data plane mirrors their VMs, and whoever stages a site failure (the tests) stops or restarts a simulator through
 * {@link LabSites}. The sites stop when the context closes.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "lifeboat.lab.enabled", havingValue = "true")
class LabConfiguration {

    @Bean
    LabPlan labPlan(@Value("${lifeboat.lab.bench-vms:0}") int benchVms) {
        return LabPlan.demo().withBenchTenant(benchVms);
    }

    /** Starts both simulators, or seeds two started elsewhere (docker demo) when both URLs are set. */
    @Bean(destroyMethod = "close")
    LabSites labSites(LabPlan plan,
                      @Value("${lifeboat.lab.tenant-site-url:}") String tenantSiteUrl,
                      @Value("${lifeboat.lab.provider-site-url:}") String providerSiteUrl,
                      @Value("${lifeboat.lab.site-username:lifeboat}") String siteUsername,
                      @Value("${lifeboat.lab.site-password:lifeboat-lab}") String sitePassword) {
        if (tenantSiteUrl.isBlank() || providerSiteUrl.isBlank()) {
            return LabSites.start(plan);
        }
        return LabSites.attach(plan, new SiteEndpoint(tenantSiteUrl, siteUsername, sitePassword, true),
                new SiteEndpoint(providerSiteUrl, siteUsername, sitePassword, true));
    }

    /**
     * The sessions everyone but the lab's own poll uses: the lab's VM hosts hear of the power changes they make at once
     * ({@link PowerWatchingConnector}).
     */
    @Bean
    @Primary
    HypervisorConnector powerWatchingConnector(@Qualifier("hypervisorConnector") HypervisorConnector sessions, LabDataPlane dataPlane) {
        return new PowerWatchingConnector(sessions, dataPlane::vmPowerChanged);
    }
}
