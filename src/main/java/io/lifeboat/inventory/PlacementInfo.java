package io.lifeboat.inventory;

import java.util.List;

/** Where a tenant's VMs live, by site name: for forms (no endpoints, no passwords). */
public record PlacementInfo(String tenantSite, String tenantFolder, String providerSite, String providerFolder) {

    /**
     * Whether {@code folder} at {@code site} is one of this placement's folders, holds one or lies in one. A sync reads
     * a folder's whole subtree, so two tenants with such folders would each see, and act on, the other's VMs.
     */
    public boolean overlaps(String site, String folder) {
        return List.of(List.of(tenantSite, tenantFolder), List.of(providerSite, providerFolder)).stream()
                .anyMatch(mine -> mine.get(0).equals(site) && nested(path(mine.get(1)), path(folder)));
    }

    private static boolean nested(String a, String b) {
        return a.isEmpty() || b.isEmpty() || a.equals(b) || a.startsWith(b + "/") || b.startsWith(a + "/");
    }

    /** A folder as written in a form or in configuration: " /production/acme/ " is "production/acme". */
    private static String path(String folder) {
        String trimmed = folder == null ? "" : folder.trim();
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
