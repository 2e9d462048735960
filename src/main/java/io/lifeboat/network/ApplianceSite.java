package io.lifeboat.network;

import io.lifeboat.hypervisor.SiteEndpoint;

/**
 * Where one NEA of a tenant runs: the site (its name for messages, its endpoint with the password: keep it server-side),
 * the appliance template NEAs are cloned from and the uplink network their second NIC joins. {@code template} and
 * {@code uplinkNetwork} are null when the provider has not set them on the Sites page.
 */
public record ApplianceSite(String siteName, SiteEndpoint endpoint, String template, String uplinkNetwork) {
}
