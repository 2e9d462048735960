package io.lifeboat.inventory;

import java.time.Instant;

/**
 * What Lifeboat knows of a site's vCenter from its last check: when that was ({@code null}: not yet) and, while it fails
 * (no answer, login refused, certificate changed), since when and the last error.
 */
public record SiteContact(Instant checkedAt, Instant failingSince, String error) {

    public boolean checked() {
        return checkedAt != null;
    }

    public boolean failing() {
        return failingSince != null;
    }
}
