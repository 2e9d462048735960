package io.lifeboat.network;

import io.lifeboat.appliance.Ipv4;
import io.lifeboat.tenancy.InvalidInputException;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.TenantSummary;

import io.lifeboat.appliance.Ipv4Subnet;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The tenant networks Lifeboat can extend. Callers pass a tenant id they have already checked. */
@Service
public class TenantNetworkService {

    private final TenantNetworkRepository networks;
    private final TenancyService tenancy;

    TenantNetworkService(TenantNetworkRepository networks, TenancyService tenancy) {
        this.networks = networks;
        this.tenancy = tenancy;
    }

    @Transactional(readOnly = true)
    public List<TenantNetworkInfo> networksOf(long tenantId) {
        return networks.findByTenantIdOrderByName(tenantId).stream().map(TenantNetwork::view).toList();
    }

    @Transactional(readOnly = true)
    public Optional<TenantNetworkInfo> find(long networkId) {
        return networks.findById(networkId).map(TenantNetwork::view);
    }

    /**
     * Checks a tenant's networks before anything is saved: a valid subnet, the gateway inside it, a VLAN id, and no two
     * of this tenant's subnets overlapping (other tenants' may: they are separate networks). Throws
     * {@link InvalidInputException} whose field is {@code network.<index>.<field>}.
     */
    public void checkNetworks(List<NetworkForm> forms) {
        List<Ipv4Subnet> seen = new java.util.ArrayList<>();
        for (int i = 0; i < forms.size(); i++) {
            NetworkForm form = forms.get(i);
            String field = "network." + i + ".";
            if (form.name() == null || form.name().isBlank()) {
                throw new InvalidInputException(field + "name", "Name the network (e.g. LAN).");
            }
            if (form.name().trim().length() > 100) {
                throw new InvalidInputException(field + "name", "Shorten the network's name to 100 characters at most.");
            }
            Ipv4Subnet subnet;
            try {
                subnet = Ipv4Subnet.parse(form.subnet() == null ? "" : form.subnet());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(field + "subnet", "'" + form.subnet() + "' is not a subnet: write it as address/prefix, e.g. 192.168.60.0/24.");
            }
            if (!subnet.toString().equals(form.subnet().trim())) {
                throw new InvalidInputException(field + "subnet", form.subnet() + " has host bits set: did you mean " + subnet + "?");
            }
            int gateway;
            try {
                gateway = Ipv4.parse(form.gateway() == null ? "" : form.gateway());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(field + "gateway", "'" + form.gateway() + "' is not an IPv4 address.");
            }
            if (!subnet.contains(gateway) || gateway == subnet.network() || gateway == subnet.broadcast()) {
                throw new InvalidInputException(field + "gateway", "The gateway must be a host address inside " + subnet + ".");
            }
            if (form.vlan() < 1 || form.vlan() > 4094) {
                throw new InvalidInputException(field + "vlan", "A VLAN id is between 1 and 4094.");
            }
            if (form.providerPortGroup() == null || form.providerPortGroup().isBlank()) {
                throw new InvalidInputException(field + "providerPortGroup", "Choose the provider port group the replicas connect to.");
            }
            if (form.providerPortGroup().trim().equals(form.drillPortGroupOrNull())) {
                throw new InvalidInputException(field + "drillPortGroup", "A drill port group must be isolated: choose one other than the"
                        + " provider port group, or none.");
            }
            for (Ipv4Subnet other : seen) {
                if (other.contains(subnet.network()) || subnet.contains(other.network())) {
                    throw new InvalidInputException(field + "subnet", subnet + " overlaps " + other + ", another network of this tenant.");
                }
            }
            seen.add(subnet);
        }
    }

    /**
     * Refuses networks whose drill port group is not isolated: it is a provider or tenant port group of a network of any
     * tenant (these forms included), or a form's provider port group is another network's drill port group. A drill
     * there would power copies of production VMs on next to them, with their IPs. {@code tenantId} is null for a tenant
     * not created yet; its stored networks named as a form are replaced by it. Throws {@link InvalidInputException}
     * whose field is {@code network.<index>.drillPortGroup} or {@code network.<index>.providerPortGroup}.
     */
    @Transactional(readOnly = true)
    public void checkDrillIsolation(Long tenantId, List<NetworkForm> forms) {
        DrillIsolation.check(tenantId, forms, allNetworks(), this::displayName);
    }

    /**
     * Whether the network's drill port group is also a production port group (a provider or tenant port group of any
     * tenant's network, its own included): stored before that was refused, it must not take a drill. False without one.
     */
    @Transactional(readOnly = true)
    public boolean drillPortGroupClashes(TenantNetworkInfo network) {
        return DrillIsolation.clashes(network, allNetworks());
    }

    /** The one tenant a message names, looked up by its id alone (never a list of every tenant). */
    private String displayName(long tenantId) {
        return tenancy.findTenant(tenantId).map(TenantSummary::displayName).orElse("#" + tenantId);
    }

    private List<TenantNetworkInfo> allNetworks() {
        return networks.findAll().stream().map(TenantNetwork::view).toList();
    }

    /** Removes one of the tenant's networks (the caller has checked nothing uses it); empty when the tenant has no such network. */
    @Transactional
    public Optional<TenantNetworkInfo> remove(long tenantId, long networkId) {
        Optional<TenantNetwork> network = networks.findById(networkId).filter(found -> found.view().tenantId() == tenantId);
        network.ifPresent(networks::delete);
        return network.map(TenantNetwork::view);
    }

    /** Checks the networks, then creates or updates each by name. Networks not listed are kept. */
    @Transactional
    public List<TenantNetworkInfo> saveNetworks(long tenantId, List<NetworkForm> forms) {
        checkNetworks(forms);
        checkDrillIsolation(tenantId, forms); // all at once: checked one by one, swapping two port groups would be refused
        return forms.stream().map(form -> save(tenantId, form.name().trim(), form.subnet().trim(), form.gateway().trim(),
                form.vlan(), form.providerPortGroup().trim(), form.drillPortGroupOrNull())).toList();
    }

    /**
     * Sets where the tenant NEA VM of the network joins the LAN at the tenant's site (configuration and the lab declare it).
     *
     * @throws InvalidInputException on {@code tenantPortGroup} when it is a network's drill port group, which must stay isolated
     */
    @Transactional
    public TenantNetworkInfo setTenantPortGroup(long networkId, String portGroup) {
        TenantNetwork network = networks.findById(networkId).orElseThrow(() -> new IllegalStateException("No network " + networkId));
        String chosen = portGroup == null || portGroup.isBlank() ? null : portGroup.trim();
        DrillIsolation.drillingIn(chosen, allNetworks()).ifPresent(bubble -> {
            throw new InvalidInputException("tenantPortGroup", "'" + chosen + "' is the isolated drill port group of "
                    + DrillIsolation.network(bubble, network.getTenantId(), this::displayName) + ": a LAN there would meet the copies of test failovers."
                    + " Choose another port group, or give that network another drill port group first.");
        });
        network.tenantPortGroup(chosen);
        return network.view();
    }

    /** Every tenant's networks whose tenant keeps its tenant NEA running. */
    @Transactional(readOnly = true)
    public List<TenantNetworkInfo> withTenantNeaKeptRunning() {
        return networks.findByTenantNeaKeptRunningTrue().stream().map(TenantNetwork::view).toList();
    }

    /**
     * Sets whether network {@code networkId} of {@code tenantId} keeps its tenant NEA running between failovers.
     *
     * @throws UnknownNetworkException when the tenant has no such network
     */
    @Transactional
    public TenantNetworkInfo keepTenantNeaRunning(long tenantId, long networkId, boolean keep) {
        TenantNetwork network = networks.findById(networkId).filter(found -> found.view().tenantId() == tenantId)
                .orElseThrow(() -> new UnknownNetworkException(networkId));
        network.keepTenantNeaRunning(keep);
        return network.view();
    }

    /**
     * Creates or updates the tenant's network of that name.
     *
     * @throws InvalidInputException when its drill port group is not isolated (see {@link #checkDrillIsolation})
     */
    @Transactional
    public TenantNetworkInfo ensureNetwork(long tenantId, String name, String subnet, String gateway, int vlan, String providerPortGroup,
                                           String drillPortGroup) {
        checkDrillIsolation(tenantId, List.of(new NetworkForm(name, subnet, gateway, vlan, providerPortGroup, drillPortGroup)));
        return save(tenantId, name, subnet, gateway, vlan, providerPortGroup, drillPortGroup);
    }

    private TenantNetworkInfo save(long tenantId, String name, String subnet, String gateway, int vlan, String providerPortGroup,
                                   String drillPortGroup) {
        Ipv4Subnet.parse(subnet); // reject a malformed subnet before it is stored
        TenantNetwork network = networks.findByTenantIdAndName(tenantId, name)
                .orElseGet(() -> networks.save(new TenantNetwork(tenantId, name, subnet, gateway, vlan, providerPortGroup, drillPortGroup)));
        network.update(name, subnet, gateway, vlan, providerPortGroup, drillPortGroup);
        return network.view();
    }
}
