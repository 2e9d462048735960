package io.lifeboat.lab.network;

import io.lifeboat.appliance.NeaRole;
import io.lifeboat.lab.network.LabNetwork.Side;
import java.util.List;

/**
 * What a powered-on NEA VM hands its appliance agent, as the lab's stand-in for VMware Tools read it from the VM's
 * guestinfo and NICs: the tenant's lab site (the tenant, from the VM's folder; for a further network of the tenant, the
 * site its first NIC's port group belongs to), its role, the id and one-time token it enrols with, the
 * segment its first NIC is on, whether its second NIC is on the appliance uplink, and the Cloud Gateways' control
 * endpoints it dials ({@code guestinfo.lifeboat.gateways}). {@code vmId} keeps one VM's disk
 * (the agent's state directory) apart from another's: a VM cloned afresh starts without a certificate. {@code lanMac}:
 * the MAC of its first NIC in vCenter, which its LAN interface gets, as a VM's NIC has it (null: a random one).
 */
public record ApplianceGuest(String tenant, NeaRole role, String applianceId, String enrolmentToken, String vmId, Side lan, boolean uplink,
                             List<String> gateways, String lanMac) {

    public ApplianceGuest {
        gateways = List.copyOf(gateways);
    }

    /** A guest whose NIC has no MAC the lab knows of: its interface keeps the kernel's random one. */
    public ApplianceGuest(String tenant, NeaRole role, String applianceId, String enrolmentToken, String vmId, Side lan, boolean uplink,
                          List<String> gateways) {
        this(tenant, role, applianceId, enrolmentToken, vmId, lan, uplink, gateways, null);
    }

    @Override
    public String toString() {
        // the token is a secret until it is spent: never printed
        return "ApplianceGuest[" + applianceId + " vm " + vmId + " on " + lan + (uplink ? " + uplink" : "") + "]";
    }
}
