package io.lifeboat.cluster;

/**
 * What travels in a NOTIFY payload: the sending node (so it ignores its own notices) and the tenant, if any.
 * Text such as {@code 3f2a…:42} or {@code 3f2a…:} (no single tenant).
 */
record ChangeNotice(String node, Long tenantId) {

    String payload() {
        return node + ":" + (tenantId == null ? "" : tenantId);
    }

    /** The notice in {@code payload}; throws IllegalArgumentException when it is not one. */
    static ChangeNotice parse(String payload) {
        int colon = payload.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("Not a change notice: " + payload);
        }
        String tenant = payload.substring(colon + 1);
        return new ChangeNotice(payload.substring(0, colon), tenant.isEmpty() ? null : Long.valueOf(tenant));
    }
}
