package io.lifeboat.network;

import io.lifeboat.appliance.ApplianceClient;
import io.lifeboat.appliance.NeaRole;
import java.time.Duration;
import java.util.Set;

/** A runtime that boots no NEA and has none connected, for tests of what sits around a runtime. */
abstract class BootsNoNeas implements ApplianceRuntime {

    @Override
    public NeaPlacement placement(TenantNetworkRef ref, NeaRole role) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ApplianceClient start(TenantNetworkRef ref, NeaRole role, Duration timeout) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isRunning(TenantNetworkRef ref, NeaRole role) {
        return false;
    }

    @Override
    public Set<String> connectedApplianceIds() {
        return Set.of();
    }

    @Override
    public void stop(TenantNetworkRef ref, NeaRole role) {
    }
}
