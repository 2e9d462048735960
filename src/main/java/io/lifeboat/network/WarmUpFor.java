package io.lifeboat.network;

/** Why a network is warmed up before any failover, as its VPN Tunnel task and the log say it. */
public enum WarmUpFor {
    /** The failover wizard was opened. */
    FAILOVER_WIZARD("the failover wizard"),
    /** An API client announced a failover (an automation, before it starts one). */
    ANNOUNCED_FAILOVER("a failover announced through the API");

    private final String label;

    WarmUpFor(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
