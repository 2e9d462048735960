package io.lifeboat.inventory;

import java.time.Instant;
import java.util.List;

/**
 * What Test connection found: the certificate to trust ({@code certificateSha256} null for http), and that the
 * credentials work, with how much inventory the site shows in the datacenter used (the first of {@code datacenters};
 * the others are not used).
 */
public record ConnectionCheck(String certificateSha256, String certificateSubject, Instant certificateNotAfter,
                              boolean certificateChanged, int folders, int networks, List<String> datacenters) {

    /** What was found, as the provider reads it: how many folders and networks, in which datacenter, which are left aside. */
    public String inventory() {
        String found = folders + " folders, " + networks + " networks in datacenter " + datacenters.get(0) + ".";
        return datacenters.size() == 1 ? found : found + " The site's other datacenters (" + String.join(", ", datacenters.subList(1, datacenters.size()))
                + ") are not used: Lifeboat finds and makes everything of a site in one datacenter. To use another, give the site a"
                + " vCenter user that sees only that one.";
    }
}
