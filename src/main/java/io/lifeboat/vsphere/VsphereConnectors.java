package io.lifeboat.vsphere;

import io.lifeboat.hypervisor.CallsUnderWay;
import io.lifeboat.hypervisor.HypervisorConnector;

/** Creates the yavijava-backed connector, for code that runs without a Spring context (lab seeding, benchmarks). */
public final class VsphereConnectors {

    private VsphereConnectors() {
    }

    /** A new connector with its own session cache; close it to log its sessions out. */
    public static CloseableConnector yavijava() {
        return yavijava(new CallsUnderWay());
    }

    /** As {@link #yavijava()}, recording each call in {@code underWay} while it runs. */
    static CloseableConnector yavijava(CallsUnderWay underWay) {
        return new YavijavaConnector(underWay);
    }

    /** A connector that owns sessions and logs them out on {@link #close()}. */
    public interface CloseableConnector extends HypervisorConnector, AutoCloseable {
        @Override
        void close();
    }
}
