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
}
