package io.lifeboat.drill;

import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.TenantSummary;
import org.springframework.stereotype.Component;

/** A drill's evidence from its stored rows, as callers see it ({@link DrillInfo}); {@link DrillSeal} hashes it. */
@Component
class DrillEvidence {

    private final DrillVmRepository drillVms;
    private final DrillVmCheckRepository checks;
    private final TenancyService tenancy;

    DrillEvidence(DrillVmRepository drillVms, DrillVmCheckRepository checks, TenancyService tenancy) {
        this.drillVms = drillVms;
        this.checks = checks;
        this.tenancy = tenancy;
    }

    /** The drill with its VMs and their checks, as stored; call inside a transaction. */
    DrillInfo view(Drill drill) {
        String tenantName = tenancy.findTenant(drill.getTenantId()).map(TenantSummary::displayName).orElse("#" + drill.getTenantId());
        return new DrillInfo(drill.getId(), drill.getTenantId(), tenantName, drill.getState(), drill.getTaskId(), drill.getStartedBy(),
                drill.getStartedAt(), drill.getTimeLimitAt(), drill.getEndTaskId(), drill.getEndedBy(), drill.getEndedAt(),
                drillVms.findByDrillIdOrderByVmName(drill.getId()).stream().map(vm -> vm.view(drill.getStartedAt(),
                        checks.findByDrillVmIdOrderByPosition(vm.getId()).stream().map(c -> c.view(vm.getPoweredOnAt())).toList())).toList(),
                drill.getReportSha256());
    }
}
