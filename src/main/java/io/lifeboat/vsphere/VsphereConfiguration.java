package io.lifeboat.vsphere;

import io.lifeboat.hypervisor.HypervisorConnector;

import io.lifeboat.hypervisor.CallsUnderWay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Exposes the yavijava connector as the application's {@link HypervisorConnector}; sessions are logged out at shutdown. */
@Configuration(proxyBeanMethods = false)
class VsphereConfiguration {

    @Bean(destroyMethod = "close")
    VsphereConnectors.CloseableConnector hypervisorConnector(CallsUnderWay underWay) {
        return VsphereConnectors.yavijava(underWay);
    }
}
