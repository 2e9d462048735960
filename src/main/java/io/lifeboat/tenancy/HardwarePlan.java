package io.lifeboat.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** A tenant's quota at the provider: what its failed-over replicas may use at once. */
@Embeddable
public record HardwarePlan(
        @Column(name = "quota_cpus") int cpus,
        @Column(name = "quota_memory_mb") int memoryMb) {
}
