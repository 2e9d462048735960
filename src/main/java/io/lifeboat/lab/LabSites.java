package io.lifeboat.lab;

import io.lifeboat.vcsim.SimulatorProcess;
import io.lifeboat.hypervisor.SiteEndpoint;
import io.lifeboat.vsphere.VsphereConnectors;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * The lab's two vSphere sites: a simulator for the tenants' own vCenter and one for the provider's, started side by
 * side and seeded from a {@link LabPlan}. Closing stops both. {@code main} runs them until stdin closes, e.g.
 * {@code java -cp ... io.lifeboat.lab.LabSites}.
 */
public final class LabSites implements AutoCloseable {

    private final SimulatorProcess tenant;
    private final SimulatorProcess provider;
    private final LabSeeder.SeedReport seedReport;
    private final SiteEndpoint tenantSite;
    private final SiteEndpoint providerSite;

    private LabSites(SimulatorProcess tenant, SimulatorProcess provider, LabSeeder.SeedReport seedReport) {
        this(tenant, provider, seedReport, tenant.endpoint(), provider.endpoint());
    }

    private LabSites(SimulatorProcess tenant, SimulatorProcess provider, LabSeeder.SeedReport seedReport,
                     SiteEndpoint tenantSite, SiteEndpoint providerSite) {
        this.tenant = tenant;
        this.provider = provider;
        this.seedReport = seedReport;
        this.tenantSite = tenantSite;
        this.providerSite = providerSite;
    }

    /** Starts both simulators (about a second) and seeds them (well under a second for the demo plan). */
    public static LabSites start(LabPlan plan) {
        CompletableFuture<SimulatorProcess> tenantStart = CompletableFuture.supplyAsync(SimulatorProcess::start);
        SimulatorProcess provider = null;
        SimulatorProcess tenant = null;
        try {
            provider = SimulatorProcess.start();
            tenant = tenantStart.join();
            try (VsphereConnectors.CloseableConnector connector = VsphereConnectors.yavijava()) {
                LabSeeder.SeedReport report = new LabSeeder(connector).seed(plan, tenant.endpoint(), provider.endpoint());
                return new LabSites(tenant, provider, report);
            }
        } catch (RuntimeException e) {
            if (provider != null) {
                provider.close();
            }
            if (tenant != null) {
                tenant.close();
            } else {
                tenantStart.thenAccept(SimulatorProcess::close);
            }
            throw e;
        }
    }

    /**
     * Seeds two simulators that run elsewhere (the docker demo's {@code vcsim-tenant} and {@code vcsim-provider}
     * services) instead of starting them; {@link #close()} then leaves them running and the simulator accessors return
     * null. Seed them once per simulator start: they keep their inventory in memory only.
     */
    public static LabSites attach(LabPlan plan, SiteEndpoint tenantSite, SiteEndpoint providerSite) {
        try (VsphereConnectors.CloseableConnector connector = VsphereConnectors.yavijava()) {
            LabSeeder.SeedReport report = new LabSeeder(connector).seed(plan, tenantSite, providerSite);
            return new LabSites(null, null, report, tenantSite, providerSite);
        }
    }

    public SiteEndpoint tenantSite() {
        return tenantSite;
    }

    public SiteEndpoint providerSite() {
        return providerSite;
    }

    /** The simulators themselves, for tests that stop or restart a site. */
    public SimulatorProcess tenantSimulator() {
        return tenant;
    }

    public SimulatorProcess providerSimulator() {
        return provider;
    }

    public LabSeeder.SeedReport seedReport() {
        return seedReport;
    }

    @Override
    public void close() {
        if (tenant != null) {
            tenant.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    public static void main(String[] args) throws IOException {
        try (LabSites sites = start(LabPlan.demo())) {
            System.out.println("tenant site:   " + sites.tenantSite().url() + " (user " + sites.tenantSite().username()
                    + ", password " + sites.tenantSite().password() + ")");
            System.out.println("provider site: " + sites.providerSite().url() + " (user " + sites.providerSite().username()
                    + ", password " + sites.providerSite().password() + ")");
            System.out.println(sites.seedReport());
            System.out.println("Running until stdin closes (Ctrl-D).");
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
