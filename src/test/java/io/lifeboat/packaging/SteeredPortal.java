package io.lifeboat.packaging;

import io.lifeboat.AsUser;
import io.lifeboat.Lifeboat;
import io.lifeboat.network.GatewayHostService;
import io.lifeboat.network.NetworkExtensionException;
import io.lifeboat.network.TenantNetworkRef;
import io.lifeboat.network.TunnelRelay;
import io.lifeboat.tenancy.FirstRunService;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A portal outside the lab whose tunnels the Cloud Gateway hosts relay (ADR 0013), on an H2 file in {@code dir} (so a
 * restart, or a second node, shares it), for the packaged gateway tests: started, given its first provider
 * administrator, asked for enrolments as the Cloud Gateways page asks.
 */
final class SteeredPortal {

    static final String PROVIDER = "provider-admin";
    static final String PASSWORD = "a long enough passphrase 42";

    private SteeredPortal() {
    }

    /** @param more further {@code --key=value} settings (e.g. the relay port base) */
    static ConfigurableApplicationContext start(Path dir, String listen, String heartbeat, String... more) {
        List<String> args = new ArrayList<>(List.of("--spring.profiles.active=test", "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db") + ";LOCK_TIMEOUT=10000",
                "--lifeboat.network.tunnel-credentials-dir=" + dir.resolve("pki"),
                "--lifeboat.network.connection-heartbeat=" + heartbeat,
                "--lifeboat.appliance-control.listen=" + listen,
                "--lifeboat.appliance-control.tunnel-relay=gateway-hosts"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(Lifeboat.class).run(args.toArray(String[]::new));
    }

    /** The first provider administrator, made through the setup token. */
    static void createProvider(ConfigurableApplicationContext portal) {
        FirstRunService firstRun = portal.getBean(FirstRunService.class);
        firstRun.createFirstAdministrator(firstRun.openSetup(null).orElseThrow(), PROVIDER, PASSWORD);
    }

    /** What the Cloud Gateways page gives the provider for host {@code name}. */
    static GatewayHostService.Enrolment enrol(ConfigurableApplicationContext portal, String name) {
        return portal.getBean(AsUser.class).call(PROVIDER, () -> portal.getBean(GatewayHostService.class).enrol(name));
    }

    /** Opens {@code network}'s flow as soon as a gateway host has connected. */
    static List<InetSocketAddress> openOnceConnected(TunnelRelay relay, TenantNetworkRef network, InetSocketAddress providerNea,
                                                     Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return relay.openAll(network, providerNea);
            } catch (NetworkExtensionException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
    }
}
