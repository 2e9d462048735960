package io.lifeboat.inventory;

import java.time.Instant;

/**
 * What Test connection found: the certificate to trust ({@code certificateSha256} null for http), and that the
 * credentials work, with how much inventory the site shows.
 */
public record ConnectionCheck(String certificateSha256, String certificateSubject, Instant certificateNotAfter,
                              boolean certificateChanged, int folders, int networks) {
}
