package io.lifeboat;

import io.lifeboat.lab.LabSites;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Portal nodes on the one {@link Postgres} of the test class: each a whole portal (its own Spring context, web server
 * on a random port, Quartz in the shared cluster) in this JVM, with the production database profile. The first node
 * starts the lab's vSphere simulators; the others attach to them, as nodes of one provider see the same vCenters.
 * Start {@link Postgres} first. Closing stops the nodes, the last started first.
 */
public final class PortalNodes implements AutoCloseable {

    /** One Quartz cluster: every node's scheduler has this name, so any node runs any node's jobs. */
    static final String SCHEDULER = "lifeboat-cluster-test";

    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

    /** Starts {@code count} nodes, one after the other; {@code settings} ({@code --name=value}) go to every node. */
    public static PortalNodes start(int count, String... settings) {
        PortalNodes nodes = new PortalNodes();
        try {
            for (int i = 0; i < count; i++) {
                nodes.nodes.add(nodes.startNode(i, List.of(settings)));
            }
            return nodes;
        } catch (RuntimeException e) {
            nodes.close();
            throw e;
        }
    }

    private ConfigurableApplicationContext startNode(int index, List<String> settings) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.profiles.active=lab,test,postgres",
                "--spring.datasource.url=" + Postgres.jdbcUrl(),
                "--spring.datasource.username=" + Postgres.USER,
                "--spring.datasource.password=",
                "--spring.quartz.scheduler-name=" + SCHEDULER,
                "--server.port=0",
                "--spring.application.name=lifeboat-node-" + (char) ('a' + index)));
        if (index > 0) {
            args.addAll(labSitesOfFirstNode());
        }
        args.addAll(settings);
        return new SpringApplicationBuilder(Lifeboat.class).run(args.toArray(String[]::new));
    }

    /** The settings that attach a node to the first node's simulators. */
    private List<String> labSitesOfFirstNode() {
        LabSites sites = nodes.get(0).getBean(LabSites.class);
        return List.of("--lifeboat.lab.tenant-site-url=" + sites.tenantSite().url(),
                "--lifeboat.lab.provider-site-url=" + sites.providerSite().url(),
                "--lifeboat.lab.site-username=" + sites.tenantSite().username(),
                "--lifeboat.lab.site-password=" + sites.tenantSite().password());
    }

    /**
     * What a portal started elsewhere (another JVM) needs to join these nodes: the database, the Quartz cluster and the
     * first node's simulators, as {@code --name=value}.
     */
    public List<String> settingsToJoin() {
        List<String> args = new ArrayList<>(List.of(
                "--spring.profiles.active=lab,test,postgres",
                "--spring.datasource.url=" + Postgres.jdbcUrl(),
                "--spring.datasource.username=" + Postgres.USER,
                "--spring.datasource.password=",
                "--spring.quartz.scheduler-name=" + SCHEDULER));
        args.addAll(labSitesOfFirstNode());
        return args;
    }

    public ConfigurableApplicationContext node(int index) {
        return nodes.get(index);
    }

    public int port(int index) {
        return ((WebServerApplicationContext) nodes.get(index)).getWebServer().getPort();
    }

    public <T> T bean(int index, Class<T> type) {
        return nodes.get(index).getBean(type);
    }

    @Override
    public void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
        nodes.clear();
    }
}
