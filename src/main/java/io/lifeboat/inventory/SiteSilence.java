package io.lifeboat.inventory;

import io.lifeboat.ui.Formats;
import java.time.Instant;

/** How an operation refused for a vCenter that does not answer says so: the same sentence wherever it is refused. */
public final class SiteSilence {

    public static final String PROVIDER = "Your provider's vCenter";
    public static final String TENANT = "Your vCenter";
    /** What a tenant can do about the provider's vCenter. */
    public static final String PROVIDER_SEES_IT = " Your provider sees this on their dashboard; try again in a few minutes.";

    private SiteSilence() {
    }

    /** e.g. "Your provider's vCenter has not answered since 2026-12-06 22:39:58: a failover cannot start until it does." */
    public static String refuses(String vcenter, Instant since, String operation) {
        return vcenter + " has not answered since " + Formats.time(since) + ": " + operation + " cannot start until it does.";
    }
}
