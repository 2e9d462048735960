package io.lifeboat.lab;

import io.lifeboat.hypervisor.Hypervisor;
import io.lifeboat.hypervisor.HypervisorAdmin;
import io.lifeboat.hypervisor.HypervisorConnector;
import io.lifeboat.hypervisor.SiteEndpoint;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Lifeboat's vSphere sessions in the lab, which tell the lab's VM hosts of each power change they made once vCenter
 * has made it: a hypervisor boots a guest as its power-on task ends, where the lab, polling the simulators, saw it up
 * to a poll later (a switch-back took 126 ms with the poll alone, 55 ms so). Changes made elsewhere (govc) are still
 * seen by the poll.
 */
final class PowerWatchingConnector implements HypervisorConnector {

    /** The calls that power a VM on or off, or move its NIC (a replica into a drill's bubble); each names the VM first. */
    private static final Set<String> POWER_CHANGES = Set.of("powerOn", "powerOff", "revertToSnapshot", "destroyVm", "connectNic");

    /** Hears of a power change once vCenter made it: the site's URL (VM ids repeat across sites), the call's name and the VM's id. */
    interface PowerChanges {
        void changed(String siteUrl, String call, String vmId);
    }

    private final HypervisorConnector sessions;
    private final PowerChanges powerChanged;

    PowerWatchingConnector(HypervisorConnector sessions, PowerChanges powerChanged) {
        Set<String> calls = Arrays.stream(HypervisorAdmin.class.getMethods()).map(Method::getName).collect(Collectors.toSet());
        if (!calls.containsAll(POWER_CHANGES)) {
            throw new IllegalStateException("not calls of a vSphere session: " + POWER_CHANGES.stream().filter(call -> !calls.contains(call)).toList());
        }
        this.sessions = sessions;
        this.powerChanged = powerChanged;
    }

    @Override
    public Hypervisor connect(SiteEndpoint endpoint) {
        return watched(Hypervisor.class, endpoint.url(), sessions.connect(endpoint));
    }

    @Override
    public HypervisorAdmin admin(SiteEndpoint endpoint) {
        return watched(HypervisorAdmin.class, endpoint.url(), sessions.admin(endpoint));
    }

    private <T extends Hypervisor> T watched(Class<T> type, String siteUrl, T session) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(session, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (POWER_CHANGES.contains(method.getName())) {
                powerChanged.changed(siteUrl, method.getName(), (String) args[0]);
            }
            return result;
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
