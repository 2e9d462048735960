package io.lifeboat.tasks;

public enum TaskType {
    CLOUD_FAILOVER("Cloud Failover"),
    UNDO_FAILOVER("Undo Failover"),
    FAILBACK("Failback"),
    COMMIT_FAILBACK("Commit Failback"),
    UNDO_FAILBACK("Undo Failback"),
    TEST_FAILOVER("Test Failover"),
    END_DRILL("End Test Failover"),
    VPN_TUNNEL("VPN Tunnel"),
    INVENTORY_SYNC("Inventory Sync"),
    ADMINISTRATION("Administration");

    private final String label;

    TaskType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
