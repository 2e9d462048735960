package io.lifeboat.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.hypervisor.Hypervisor;
import io.lifeboat.hypervisor.HypervisorAdmin;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.HypervisorException;
import io.lifeboat.hypervisor.SiteEndpoint;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The lab hears of a power change made through Lifeboat's sessions once vCenter has made it, and of nothing else. */
class PowerWatchingConnectorTest {

    private static final SiteEndpoint SITE = new SiteEndpoint("https://vcenter.example/sdk", "user", "secret", true);
    private static final Duration WAIT = Duration.ofSeconds(1);

    private final List<String> calls = new ArrayList<>();
    private final List<String> powerChanges = new ArrayList<>();
    private final HypervisorConnector watched = new PowerWatchingConnector(new RecordingConnector(),
            (siteUrl, call, vmId) -> powerChanges.add(siteUrl + " " + call + " " + vmId));

    @Test
    void a_power_on_or_off_is_told_after_vcenter_made_it() {
        Hypervisor site = watched.connect(SITE);
        site.powerOn("vm-1", WAIT);
        assertThat(calls).containsExactly("powerOn vm-1");
        assertThat(powerChanges).containsExactly(SITE.url() + " powerOn vm-1");
        watched.admin(SITE).powerOff("vm-2", WAIT);
        assertThat(powerChanges).as("the site, the call and the VM, so the lab can halt an NEA VM's guest at once")
                .containsExactly(SITE.url() + " powerOn vm-1", SITE.url() + " powerOff vm-2");
    }

    @Test
    void reading_the_inventory_tells_nothing() {
        watched.connect(SITE).listVms("production/acme");
        watched.admin(SITE).macAddress("vm-1");
        assertThat(calls).containsExactly("listVms production/acme", "macAddress vm-1");
        assertThat(powerChanges).isEmpty();
    }

    @Test
    void a_power_on_vcenter_refused_tells_nothing_and_fails_as_it_did() {
        assertThatThrownBy(() -> watched.connect(SITE).powerOn("vm-gone", WAIT))
                .isInstanceOf(HypervisorException.class).hasMessageContaining("vm-gone");
        assertThat(powerChanges).isEmpty();
    }

    /** Sessions that record each call, and refuse any VM named {@code vm-gone}. */
    private final class RecordingConnector implements HypervisorConnector {

        @Override
        public Hypervisor connect(SiteEndpoint endpoint) {
            return admin(endpoint);
        }

        @Override
        public HypervisorAdmin admin(SiteEndpoint endpoint) {
            return (HypervisorAdmin) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HypervisorAdmin.class}, (proxy, method, args) -> {
                if ("vm-gone".equals(args[0])) {
                    throw new HypervisorException(HypervisorException.Kind.NOT_FOUND, "no VM vm-gone");
                }
                calls.add(method.getName() + " " + args[0]);
                return emptyOf(method.getReturnType());
            });
        }

        /** What a session with nothing in it returns: no VMs, no MAC. */
        private static Object emptyOf(Class<?> type) {
            if (type == List.class) {
                return List.of();
            }
            return type == Optional.class ? Optional.empty() : null;
        }
    }
}
