package io.lifeboat.tenancy;

import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;

@Entity
public class Tenant {

    @Id
    @GeneratedValue(generator = "tenant_seq")
    @SequenceGenerator(name = "tenant_seq", allocationSize = 50)
    private Long id;
    private String name;
    private String displayName;
    @Embedded
    private HardwarePlan plan;
    private boolean enabled = true;
    private String managedBy;

    protected Tenant() {
    }

    public Tenant(String name, String displayName, HardwarePlan plan) {
        this.name = name;
        this.displayName = displayName;
        this.plan = plan;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getDisplayName() {
        return displayName;
    }

    public HardwarePlan getPlan() {
        return plan;
    }

    public void changePlan(HardwarePlan plan) {
        this.plan = plan;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public String getManagedBy() {
        return managedBy;
    }

    void rename(String newDisplayName) {
        this.displayName = newDisplayName;
    }

    void enable(boolean enabled) {
        this.enabled = enabled;
    }

    void managedBy(String source) {
        this.managedBy = source;
    }
}
