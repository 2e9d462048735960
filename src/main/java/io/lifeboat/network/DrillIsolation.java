package io.lifeboat.network;

import io.lifeboat.tenancy.InvalidInputException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/**
 * A drill port group is the bubble where a test failover powers on copies of production VMs with their production IPs,
 * so it must be no tenant network's production port group: no network's provider port group (where failed-over
 * replicas run) nor tenant port group (its LAN at the tenant's site), of any tenant. Otherwise a copy answers next to
 * its original, with the same IP. Checked when networks are saved (the portal's form and {@code lifeboat.setup}) and
 * again when a drill starts, for networks stored before this check.
 */
final class DrillIsolation {

    private DrillIsolation() {
    }

    /**
     * Refuses {@code forms}, about to be saved for {@code tenantId} (null: a tenant not created yet) next to the
     * {@code stored} networks of every tenant, when one's drill port group is a production port group, or one's
     * provider port group is a drill port group. A stored network of this tenant named as a form is replaced by it,
     * except for its tenant port group, which the form does not set. {@code tenantNames} gives the display name of
     * another tenant the message names, asked only for that one.
     *
     * @throws InvalidInputException on {@code network.<index>.drillPortGroup} or {@code network.<index>.providerPortGroup}
     */
    static void check(Long tenantId, List<NetworkForm> forms, List<TenantNetworkInfo> stored, LongFunction<String> tenantNames) {
        Set<String> names = forms.stream().map(form -> form.name() == null ? null : form.name().trim()).collect(Collectors.toSet());
        List<TenantNetworkInfo> kept = stored.stream().filter(n -> !replaced(n, tenantId, names)).toList();
        List<TenantNetworkInfo> replaced = stored.stream().filter(n -> replaced(n, tenantId, names)).toList();
        for (int i = 0; i < forms.size(); i++) {
            String drill = forms.get(i).drillPortGroupOrNull();
            if (drill != null) {
                String field = "network." + i + ".drillPortGroup";
                for (int j = 0; j < forms.size(); j++) {
                    if (drill.equals(trimmed(forms.get(j).providerPortGroup()))) {
                        throw notIsolated(field, drill, j == i ? "this network's provider port group"
                                : "the provider port group of network '" + trimmed(forms.get(j).name()) + "' in this form");
                    }
                }
                Optional<String> production = kept.stream().map(n -> productionUse(drill, n, tenantId, tenantNames)).flatMap(Optional::stream).findFirst()
                        .or(() -> replaced.stream().filter(n -> drill.equals(n.tenantPortGroup()))
                                .map(n -> "the tenant port group of network '" + n.name() + "' of this tenant").findFirst());
                if (production.isPresent()) {
                    throw notIsolated(field, drill, production.get());
                }
            }
            String provider = trimmed(forms.get(i).providerPortGroup());
            Optional<TenantNetworkInfo> bubble = kept.stream().filter(n -> provider != null && provider.equals(n.drillPortGroup())).findFirst();
            if (bubble.isPresent()) {
                throw new InvalidInputException("network." + i + ".providerPortGroup", "'" + provider + "' is the isolated drill port group of "
                        + network(bubble.get(), tenantId, tenantNames) + ": replicas failed over there would meet the copies of test failovers. Choose"
                        + " another port group, or give that network another drill port group first.");
            }
        }
    }

    /**
     * Whether {@code network}'s drill port group is also a production port group of any of {@code all} (its own
     * included); false without a drill port group.
     */
    static boolean clashes(TenantNetworkInfo network, List<TenantNetworkInfo> all) {
        String drill = network.drillPortGroup();
        return drill != null && all.stream().anyMatch(n -> drill.equals(n.providerPortGroup()) || drill.equals(n.tenantPortGroup()));
    }

    /** The network of {@code all} whose drill port group {@code portGroup} is, if any: it cannot be a production port group. */
    static Optional<TenantNetworkInfo> drillingIn(String portGroup, List<TenantNetworkInfo> all) {
        return portGroup == null ? Optional.empty() : all.stream().filter(n -> portGroup.equals(n.drillPortGroup())).findFirst();
    }

    private static Optional<String> productionUse(String drill, TenantNetworkInfo n, Long tenantId, LongFunction<String> tenantNames) {
        if (drill.equals(n.providerPortGroup())) {
            return Optional.of("the provider port group of " + network(n, tenantId, tenantNames));
        }
        if (drill.equals(n.tenantPortGroup())) {
            return Optional.of("the tenant port group of " + network(n, tenantId, tenantNames));
        }
        return Optional.empty();
    }

    private static InvalidInputException notIsolated(String field, String drill, String whose) {
        return new InvalidInputException(field, "A drill port group must be isolated, but '" + drill + "' is " + whose + ": a test"
                + " failover there would start copies next to the production VMs, with their IPs. Choose a port group that no tenant"
                + " network uses, or none.");
    }

    /** How a message names {@code n}: by its tenant's display name, so the provider reading it knows which tenant to look at. */
    static String network(TenantNetworkInfo n, Long tenantId, LongFunction<String> tenantNames) {
        return "network '" + n.name() + "' of " + (Objects.equals(tenantId, n.tenantId()) ? "this tenant"
                : "tenant '" + tenantNames.apply(n.tenantId()) + "'");
    }

    private static boolean replaced(TenantNetworkInfo n, Long tenantId, Set<String> names) {
        return tenantId != null && n.tenantId() == tenantId && names.contains(n.name());
    }

    private static String trimmed(String text) {
        return text == null ? null : text.trim();
    }
}
