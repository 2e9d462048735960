package io.lifeboat.inventory;

/**
 * A site as the Sites page shows it (never the password). {@code applianceTemplate} and {@code applianceUplinkNetwork}
 * are what the Network Extension Appliances at this site are made from and connected to; {@code contact} is whether its
 * vCenter answered the last inventory sync.
 */
public record SiteSummary(long id, String name, String url, String username, String certificateSha256, boolean trustAllCertificates,
                          boolean managedByConfiguration, String applianceTemplate, String applianceUplinkNetwork, long tenantsPlaced,
                          SiteContact contact) {
}
