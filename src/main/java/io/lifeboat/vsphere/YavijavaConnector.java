package io.lifeboat.vsphere;

import io.lifeboat.hypervisor.CallsUnderWay;
import io.lifeboat.hypervisor.SiteEndpoint;
import io.lifeboat.hypervisor.HypervisorAdmin;
import io.lifeboat.hypervisor.Hypervisor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** One {@link YavijavaSession} per endpoint (URL, user and password), shared by every caller and thread. */
final class YavijavaConnector implements VsphereConnectors.CloseableConnector {

    static {
        quietYavijava();
        SaxParserLookup.skipProviderScan(YavijavaConnector.class.getClassLoader());
    }

    /**
     * yavijava logs every SOAP fault at ERROR with a stack trace, including the ones we expect and handle (a port group
     * that exists, a VM already off, a session the server forgot). We report faults ourselves, so its logger is off
     * unless someone configured a level for it on purpose ({@code logging.level.com.vmware.vim25=...}).
     */
    private static void quietYavijava() {
        if (org.slf4j.LoggerFactory.getLogger("com.vmware.vim25") instanceof ch.qos.logback.classic.Logger logger
                && logger.getLevel() == null) {
            logger.setLevel(ch.qos.logback.classic.Level.OFF);
        }
    }

    private final Map<SiteEndpoint, YavijavaSession> sessions = new ConcurrentHashMap<>();
    private final CallsUnderWay underWay;

    YavijavaConnector(CallsUnderWay underWay) {
        this.underWay = underWay;
    }

    @Override
    public Hypervisor connect(SiteEndpoint endpoint) {
        return admin(endpoint);
    }

    /**
     * @throws IllegalStateException inside a database transaction: a vCenter call can take minutes, and a transaction
     *         held that long blocks the rows (and the connection) every other request needs. Callers read and write the
     *         database in short transactions around the call, never across it.
     */
    @Override
    public HypervisorAdmin admin(SiteEndpoint endpoint) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("A vSphere call to " + endpoint.url() + " was attempted inside a database transaction");
        }
        YavijavaSession session = sessions.computeIfAbsent(endpoint, site -> new YavijavaSession(site, underWay));
        session.ensureLoggedIn(); // fails fast with UNREACHABLE or AUTHENTICATION, as the contract says
        return session;
    }

    @Override
    public void close() {
        sessions.values().forEach(YavijavaSession::logout);
        sessions.clear();
    }
}
