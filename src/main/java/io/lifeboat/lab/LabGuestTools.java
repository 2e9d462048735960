package io.lifeboat.lab;

import io.lifeboat.appliance.NeaRole;
import io.lifeboat.hypervisor.Hypervisor;
import io.lifeboat.hypervisor.VmInfo;
import io.lifeboat.lab.network.ApplianceGuest;
import io.lifeboat.lab.network.LabNetwork;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The lab's stand-in for VMware Tools in an NEA VM: reads the VM's {@code guestinfo.lifeboat.*} (role, appliance id,
 * one-time enrolment token, the Cloud Gateways to dial, as {@code network.ApplianceVms} wrote them) and its NICs (their
 * port groups, the first one's MAC) through the Hypervisor port, and
 * boots the appliance agent with them in the VM's namespace, as the real appliance reads them at boot. The tenant is the
 * VM's folder ({@value #APPLIANCE_FOLDER}{@code /<tenant>}); the agent's id must be that tenant's.
 */
final class LabGuestTools {

    /** Where {@code network.ApplianceVms} clones the NEA VMs at each site, one folder per tenant below. */
    static final String APPLIANCE_FOLDER = "lifeboat-appliances";
    private static final String GUESTINFO = "guestinfo.lifeboat.";

    private final LabPlan plan;
    private final LabNetwork network;

    LabGuestTools(LabPlan plan, LabNetwork network) {
        this.plan = plan;
        this.network = network;
    }

    /**
     * What the NEA VM {@code vm} at {@code site} configures its agent with.
     *
     * @throws IllegalArgumentException saying what is missing or wrong (no guestinfo, unknown tenant, NIC on a segment
     *                                  the lab does not have, an id of another tenant)
     */
    ApplianceGuest read(Hypervisor site, VmInfo vm) {
        String tenantName = vm.folderPath() == null ? "" : vm.folderPath().substring(vm.folderPath().lastIndexOf('/') + 1);
        LabPlan.LabTenant tenant = plan.tenants().stream().filter(t -> t.name().equals(tenantName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("NEA VM " + vm.name() + " is in folder " + vm.folderPath() + ", of no lab tenant"));
        Map<String, String> guestinfo = site.extraConfig(vm.id());
        NeaRole role = NeaRole.valueOf(required(guestinfo, vm, "role").toUpperCase(Locale.ROOT));
        String applianceId = required(guestinfo, vm, "appliance-id");
        if (!applianceId.startsWith(tenant.name() + "/")) {
            throw new IllegalArgumentException("NEA VM " + vm.name() + " of " + tenant.name() + " claims appliance id " + applianceId);
        }
        List<String> nics = site.nicNetworks(vm.id());
        if (nics.isEmpty()) {
            throw new IllegalArgumentException("NEA VM " + vm.name() + " has no NIC");
        }
        boolean uplink = nics.size() > 1 && nics.get(1).equals(LabPlan.APPLIANCE_UPLINK_PORT_GROUP);
        Attachment lan = attachment(tenant, nics.get(0), vm);
        List<String> gateways = List.of(required(guestinfo, vm, "gateways").split(","));
        return new ApplianceGuest(lan.site(), role, applianceId, required(guestinfo, vm, "enrolment-token"), vm.id(), lan.side(), uplink,
                gateways, site.macAddress(vm.id()).orElse(null));
    }

    /**
     * Boots the agent of a powered-on NEA VM (a no-op while it runs, or after the portal stopped it), unless
     * {@code stillPoweredOn} says the VM was powered off meanwhile.
     */
    void boot(ApplianceGuest guest, BooleanSupplier stillPoweredOn) {
        network.bootAppliance(guest, stillPoweredOn);
    }

    /** The NEA VM was powered off: its agent and namespace go. */
    void halt(ApplianceGuest guest) {
        network.haltAppliance(guest.tenant(), guest.role());
    }

    /** Where an NEA VM's first NIC puts it: the lab site of the network (the tenant's LAN or a further one) and the side. */
    private record Attachment(String site, LabNetwork.Side side) {
    }

    private static Attachment attachment(LabPlan.LabTenant tenant, String portGroup, VmInfo vm) {
        if (portGroup.equals(LabPlan.TENANT_LAN_PORT_GROUP)) {
            return new Attachment(tenant.name(), LabNetwork.Side.TENANT_LAN);
        }
        if (portGroup.equals(tenant.providerPortGroup())) {
            return new Attachment(tenant.name(), LabNetwork.Side.PROVIDER_SEGMENT);
        }
        for (LabPlan.LabSegment n : tenant.moreNetworks()) {
            if (portGroup.equals(n.tenantPortGroup())) {
                return new Attachment(n.siteKey(tenant.name()), LabNetwork.Side.TENANT_LAN);
            }
            if (portGroup.equals(n.providerPortGroup(tenant.name()))) {
                return new Attachment(n.siteKey(tenant.name()), LabNetwork.Side.PROVIDER_SEGMENT);
            }
        }
        throw new IllegalArgumentException("NEA VM " + vm.name() + ": its first NIC is on " + portGroup + ", a port group the lab has no segment for");
    }

    private static String required(Map<String, String> guestinfo, VmInfo vm, String key) {
        return Optional.ofNullable(guestinfo.get(GUESTINFO + key)).filter(v -> !v.isBlank())
                .orElseThrow(() -> new IllegalArgumentException("NEA VM " + vm.name() + " has no " + GUESTINFO + key));
    }
}
