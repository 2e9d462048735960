package io.lifeboat.lab;

import io.lifeboat.appliance.Ipv4;
import io.lifeboat.appliance.Ipv4Subnet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The embedded lab's demo world: which tenants exist, their LAN and VMs at the tenant site, and what
 * the provider holds for them. Pure data; the simulators are seeded from it and the portal's tenants,
 * sites and accounts are created from it.
 *
 * <p>Both tenants use 192.168.60.0/24 on purpose: overlapping tenant subnets are normal for a provider.
 */
public record LabPlan(List<LabTenant> tenants) {

    /**
     * A tenant: its LAN, its VLAN at the provider (port group {@code tenant.<name>.vlan<id>}), its VMs (on the LAN or
     * on one of its further networks, by address) and quota.
     */
    public record LabTenant(String name, String displayName, String subnet, String gateway, int vlan,
                            int quotaCpus, int quotaMemoryMb, List<LabVm> vms, List<LabSegment> moreNetworks) {

        public LabTenant {
            vms = List.copyOf(vms);
            moreNetworks = List.copyOf(moreNetworks);
        }

        public LabTenant(String name, String displayName, String subnet, String gateway, int vlan, int quotaCpus, int quotaMemoryMb,
                         List<LabVm> vms) {
            this(name, displayName, subnet, gateway, vlan, quotaCpus, quotaMemoryMb, vms, List.of());
        }

        /** The further network holding {@code ip}, if any (else the address is on the LAN). */
        public Optional<LabSegment> networkOf(String ip) {
            return ip == null ? Optional.empty()
                    : moreNetworks.stream().filter(n -> Ipv4Subnet.parse(n.subnet()).contains(Ipv4.parse(ip))).findFirst();
        }

        /** The lab site (namespaces) of the network holding {@code ip}: the tenant's name for the LAN. */
        public String siteOf(String ip) {
            return networkOf(ip).map(n -> n.siteKey(name)).orElse(name);
        }

        /** The drill port group of the network holding {@code ip}. */
        public String drillPortGroupOf(String ip) {
            return networkOf(ip).map(n -> n.drillPortGroup(name)).orElse(drillPortGroup());
        }

        /** The port group a production VM at {@code ip} has at the tenant site. */
        public String tenantPortGroupOf(String ip) {
            return networkOf(ip).map(LabSegment::tenantPortGroup).orElse(TENANT_LAN_PORT_GROUP);
        }

        public String providerPortGroup() {
            return "tenant." + name + ".vlan" + vlan;
        }

        /** The isolated port group of this tenant's test failovers (drills): a VLAN of its own, routed nowhere. */
        public String drillPortGroup() {
            return "tenant." + name + ".drill" + drillVlan();
        }

        public int drillVlan() {
            return vlan - 1000;
        }

        /** Folder of the tenant's production VMs at the tenant site, relative to the datacenter's VM folder. */
        public String tenantSiteFolder() {
            return "production/" + name;
        }

        /** Folder of the tenant's replicas at the provider site. */
        public String providerFolder() {
            return "tenants/" + name;
        }
    }

    /**
     * A tenant's further network (e.g. a DMZ): its own subnet, VLAN at the provider (port groups named as the LAN's) and
     * port group at the tenant site. In the lab it is a site of its own, {@code <tenant>-<name in lower case>}.
     */
    public record LabSegment(String name, String subnet, String gateway, int vlan, String tenantPortGroup) {

        public String providerPortGroup(String tenant) {
            return "tenant." + tenant + ".vlan" + vlan;
        }

        public String drillPortGroup(String tenant) {
            return "tenant." + tenant + ".drill" + (vlan - 1000);
        }

        public String siteKey(String tenant) {
            return tenant + "-" + name.toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A production VM; its replica at the provider is named {@code <name>_replica} and has {@code restorePoints}
     * snapshots. {@code tcpPorts}: the services it offers, which its replica accepts inside a drill's bubble.
     */
    public record LabVm(String name, String ip, int cpus, int memoryMb, int restorePoints, List<Integer> tcpPorts) {

        public LabVm {
            tcpPorts = List.copyOf(tcpPorts);
        }

        public LabVm(String name, String ip, int cpus, int memoryMb, int restorePoints) {
            this(name, ip, cpus, memoryMb, restorePoints, List.of());
        }

        public String replicaName() {
            return name + "_replica";
        }
    }

    /** Port group that holds replicas while they are not failed over: connected to nothing. */
    public static final String ISOLATED_PORT_GROUP = "lifeboat-isolated";

    /** The appliance template at both lab sites (an empty VM: the lab's NEAs are processes until the VM becomes the appliance). */
    public static final String APPLIANCE_TEMPLATE = "lifeboat-templates/lifeboat-nea";

    /** The port group at both lab sites that NEA VMs' second NIC joins (their way out to the Cloud Gateway). */
    public static final String APPLIANCE_UPLINK_PORT_GROUP = "lifeboat-uplink";

    /** VLAN of {@link #APPLIANCE_UPLINK_PORT_GROUP}. */
    public static final int APPLIANCE_UPLINK_VLAN = 4000;

    /** Port group of the tenants' production VMs at the tenant site. */
    public static final String TENANT_LAN_PORT_GROUP = "VM Network";

    /** This plan plus a tenant {@code bench} with {@code vms} small replicas and a quota that fits them all (benchmarks). */
    public LabPlan withBenchTenant(int vms) {
        if (vms <= 0) {
            return this;
        }
        List<LabVm> benchVms = new java.util.ArrayList<>();
        for (int i = 1; i <= vms; i++) {
            // from 10.99.1.x on: 10.99.0.x holds the lab's own hosts (client .20, drill probe .253) once the data plane is on
            benchVms.add(new LabVm(String.format("bench-%03d", i), "10.99." + (i / 250 + 1) + "." + (i % 250 + 2), 1, 512, 3));
        }
        List<LabTenant> all = new java.util.ArrayList<>(tenants);
        all.add(new LabTenant("bench", "Benchmark Ltd.", "10.99.0.0/16", "10.99.0.1", 3999, vms, vms * 512, benchVms));
        return new LabPlan(List.copyOf(all));
    }

    public static LabPlan demo() {
        return new LabPlan(List.of(
                new LabTenant("acme", "ACME Corporation", "192.168.60.0/24", "192.168.60.1", 3001, 8, 16384, List.of(
                        new LabVm("web-01", "192.168.60.10", 2, 2048, 4, List.of(80, 443)),
                        new LabVm("web-02", "192.168.60.11", 2, 2048, 3, List.of(80, 443)),
                        new LabVm("db-01", "192.168.60.12", 4, 8192, 5, List.of(5432)),
                        new LabVm("app-01", "192.168.60.13", 2, 4096, 4, List.of(8080)),
                        new LabVm("mail-01", "192.168.60.14", 1, 2048, 3, List.of(25)),
                        new LabVm("proxy-01", "192.168.70.10", 1, 1024, 3, List.of(3128))),
                        List.of(new LabSegment("DMZ", "192.168.70.0/24", "192.168.70.1", 3003, "DMZ Network"))),
                new LabTenant("globex", "Globex Inc.", "192.168.60.0/24", "192.168.60.1", 3002, 8, 16384, List.of(
                        new LabVm("erp-01", "192.168.60.10", 4, 8192, 5, List.of(443)),
                        new LabVm("files-01", "192.168.60.11", 2, 4096, 3, List.of(445)),
                        new LabVm("crm-01", "192.168.60.12", 2, 4096, 4, List.of(443)),
                        new LabVm("dc-01", "192.168.60.13", 1, 2048, 3, List.of(389))))));
    }
}
