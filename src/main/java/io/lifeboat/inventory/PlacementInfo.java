package io.lifeboat.inventory;

import io.lifeboat.hypervisor.Hypervisor;
import java.util.List;

/** Where a tenant's VMs live, by site name: for forms (no endpoints, no passwords). */
public record PlacementInfo(String tenantSite, String tenantFolder, String providerSite, String providerFolder) {

    /**
     * Whether {@code folder} at {@code site} is one of this placement's folders, holds one or lies in one. A sync reads
     * a folder's whole subtree, so two tenants with such folders would each see, and act on, the other's VMs.
     */
    public boolean overlaps(String site, String folder) {
        return List.of(List.of(tenantSite, tenantFolder), List.of(providerSite, providerFolder)).stream()
                .anyMatch(mine -> mine.get(0).equals(site) && nested(Hypervisor.folderPath(mine.get(1)), Hypervisor.folderPath(folder)));
    }

    private static boolean nested(String a, String b) {
        return a.isEmpty() || b.isEmpty() || a.equals(b) || a.startsWith(b + "/") || b.startsWith(a + "/");
    }
}
