package io.lifeboat.vsphere;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link YavijavaSession} per endpoint (URL, user and password), shared by every caller and thread. */
final class YavijavaConnector implements VsphereConnectors.CloseableConnector {

    private final Map<SiteEndpoint, YavijavaSession> sessions = new ConcurrentHashMap<>();

    @Override
    public Hypervisor connect(SiteEndpoint endpoint) {
        return admin(endpoint);
    }

    @Override
    public HypervisorAdmin admin(SiteEndpoint endpoint) {
        YavijavaSession session = sessions.computeIfAbsent(endpoint, YavijavaSession::new);
        session.ensureLoggedIn(); // fails fast with UNREACHABLE or AUTHENTICATION, as the contract says
        return session;
    }

    @Override
    public void close() {
        sessions.values().forEach(YavijavaSession::logout);
        sessions.clear();
    }
}
