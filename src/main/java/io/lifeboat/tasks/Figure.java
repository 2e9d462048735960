package io.lifeboat.tasks;

/** What a task can measure, with its unit. */
public enum Figure {
    /** A failed-over VM: from power-on to its first reply on the tenant LAN, in milliseconds. */
    TIME_TO_REACHABLE_MS,
    /** A VM back at the tenant site (failback, undo): from its power-on, or the IP's release, to its first reply with TTL 64, in ms. */
    BACK_AT_SITE_MS,
    /** A failback's transfer: bytes per second at one moment of the copy. */
    TRANSFER_RATE_BYTES_PER_S
}
