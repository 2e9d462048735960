package io.lifeboat.lab.network;

import io.lifeboat.appliance.Ipv4Subnet;
import io.lifeboat.network.TenantNetworkRef;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lab's sites by key: a tenant's first network is the site named after the tenant, another network the site
 * {@link LabNetwork#addNetwork} names (e.g. {@code acme-dmz}). Each has an index that numbers its links to the gateways.
 */
final class LabSites {

    /** A site's LAN ({@code gateway}, prefix length) and the index of its gateway links. */
    record LabSite(int prefixLength, String gateway, int index) {

        Ipv4Subnet lan() {
            return Ipv4Subnet.parse(gateway + "/" + prefixLength);
        }
    }

    private final Map<String, LabSite> byKey = new ConcurrentHashMap<>();
    /** The site key of each network added under a key of its own; any other network is its tenant's one site. */
    private final Map<Long, String> keyOfNetwork = new ConcurrentHashMap<>();
    private final AtomicInteger nextIndex = new AtomicInteger(1);

    /** The site of network {@code ref}: the key it was added under, else its tenant's name. */
    String keyOf(TenantNetworkRef ref) {
        return keyOfNetwork.getOrDefault(ref.networkId(), ref.tenant());
    }

    /** Binds network {@code networkId} to site {@code key}; a network bound to another site already is refused. */
    void bind(long networkId, String key) {
        String known = keyOfNetwork.putIfAbsent(networkId, key);
        if (known != null && !known.equals(key)) {
            throw new IllegalArgumentException("network " + networkId + " is already the lab site " + known);
        }
    }

    boolean has(String key) {
        return byKey.containsKey(key);
    }

    LabSite add(String key, Ipv4Subnet lan, String gateway) {
        LabSite site = new LabSite(lan.prefixLength(), gateway, nextIndex.getAndIncrement());
        byKey.put(key, site);
        return site;
    }

    LabSite get(String key) {
        LabSite site = byKey.get(key);
        if (site == null) {
            throw new IllegalStateException("the lab has no tenant " + key + " (addTenant first)");
        }
        return site;
    }

    /** The site's index, or -1 for a site the lab no longer has (torn down meanwhile). */
    int indexOrNone(String key) {
        LabSite site = byKey.get(key);
        return site == null ? -1 : site.index();
    }

    void clear() {
        byKey.clear();
        keyOfNetwork.clear();
    }
}
