package io.lifeboat.cluster;

import io.lifeboat.shared.TenantDataChanged;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Relays committed changes between the portal's nodes through PostgreSQL: each {@link TenantDataChanged} this node
 * commits becomes a {@code NOTIFY} on {@value #CHANNEL}; a dedicated connection (not from the pool: LISTEN belongs to
 * one session for its lifetime) listens, and each notice from another node is published here as a
 * {@link ChangeFromAnotherNode}. A notice says only "this tenant's data changed": screens re-read what they show, so
 * a notice lost while the connection was down costs nothing but freshness, and after reconnecting every screen is
 * told to refresh. pgjdbc's own notification API rather than Spring Integration's PostgreSQL channel: that channel
 * is a queue (one node takes each message), and every node must see every change.
 */
@Component
@ConditionalOnProperty(name = "lifeboat.cluster.change-relay", havingValue = "postgres")
class PostgresChangeRelay implements SmartLifecycle, DisposableBean {

    static final String CHANNEL = "lifeboat_tenant_data_changed";
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(2);
    /**
     * The listening connection only reads, and waiting for notices swallows read timeouts: a path that went silent (a
     * NAT or firewall that dropped it, a database host gone without a reset) was never noticed, and this node stopped
     * hearing the others for good. After this long without a notice it asks the database something, which fails
     * within {@link #SOCKET_TIMEOUT} on a dead path.
     */
    private static final Duration PROBE_WHEN_QUIET = Duration.ofSeconds(10);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(PostgresChangeRelay.class);

    private final String node = UUID.randomUUID().toString();
    private final DataSourceProperties database;
    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    /**
     * Sends the notices, one at a time, off the committing thread: that thread still holds its pooled connection after
     * the commit, and when each one waited for a second connection for its notice (8 failover workers and the
     * reachability watchers at once), they starved the pool of 10 until its 5 s timeout. Outside any transaction, the
     * NOTIFY is delivered as its statement ends.
     */
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "cluster-change-notices");
        thread.setDaemon(true);
        return thread;
    });
    /** Notices waiting to be sent: another change of the same tenant joins one, since a notice says only "changed". */
    private final Set<String> unsent = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private final CountDownLatch listening = new CountDownLatch(1);
    private Thread listener;

    PostgresChangeRelay(DataSourceProperties database, JdbcTemplate jdbc, ApplicationEventPublisher events) {
        this.database = database;
        this.jdbc = jdbc;
        this.events = events;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(TenantDataChanged event) {
        if (event instanceof ChangeFromAnotherNode) {
            return; // relayed here already; sending it on would echo between nodes
        }
        String payload = new ChangeNotice(node, event.tenantId()).payload();
        if (unsent.add(payload)) {
            try {
                sender.execute(() -> send(payload, event.tenantId()));
            } catch (RejectedExecutionException e) {
                unsent.remove(payload);   // the node is shutting down: the change is committed, and a lost notice costs freshness only
            }
        }
    }

    private void send(String payload, Long tenantId) {
        unsent.remove(payload);   // a change committed from here on needs a notice of its own
        try {
            jdbc.queryForList("select pg_notify(?, ?)", CHANNEL, payload);
        } catch (DataAccessException e) {
            // The change itself is committed; a lost notice only leaves other nodes' screens stale until they refresh.
            log.warn("Could not announce a change to the other nodes (tenant {}): {}", tenantId, e.getMessage());
        }
    }

    @Override
    public void destroy() {
        sender.shutdown();
    }

    /** Starts listening and waits (a few seconds at most) until the first LISTEN is in place, so a ready node hears every change. */
    @Override
    public void start() {
        running = true;
        listener = new Thread(this::listen, "cluster-change-listener");
        listener.setDaemon(true);
        listener.start();
        try {
            if (!listening.await(10, TimeUnit.SECONDS)) {
                log.warn("Not yet listening for other nodes' changes after 10 s; browsers here see them once it is");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
            try {
                listener.join(POLL.toMillis() * 4);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        boolean reconnecting = false;
        while (running) {
            try (Connection connection = DriverManager.getConnection(database.determineUrl(), connectionProperties())) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                listening.countDown();
                if (reconnecting) {
                    log.info("Listening again for other nodes' changes; every screen refreshes for what it missed");
                    events.publishEvent(new ChangeFromAnotherNode(null));
                }
                receive(connection);
            } catch (SQLException e) {
                if (running) {
                    log.warn("Lost the connection that listens for other nodes' changes ({}); reconnecting in {} s", e.getMessage(),
                            RECONNECT_DELAY.toSeconds());
                    reconnecting = true;
                    pause();
                }
            }
        }
    }

    private Properties connectionProperties() {
        Properties properties = new Properties();
        if (database.determineUsername() != null) {
            properties.setProperty("user", database.determineUsername());
        }
        if (database.determinePassword() != null) {
            properties.setProperty("password", database.determinePassword());
        }
        properties.setProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
        properties.setProperty("tcpKeepAlive", "true");
        return properties;
    }

    private void receive(Connection connection) throws SQLException {
        PGConnection listening = connection.unwrap(PGConnection.class);
        long heardAt = System.nanoTime();
        while (running) {
            PGNotification[] notifications = listening.getNotifications((int) POLL.toMillis());
            if (notifications != null && notifications.length > 0) {
                heardAt = System.nanoTime();
                for (PGNotification notification : notifications) {
                    relay(notification.getParameter());
                }
            } else if (System.nanoTime() - heardAt > PROBE_WHEN_QUIET.toNanos()) {
                try (Statement probe = connection.createStatement()) {
                    probe.execute("SELECT 1");
                }
                heardAt = System.nanoTime();
            }
        }
    }

    private void relay(String payload) {
        try {
            ChangeNotice notice = ChangeNotice.parse(payload);
            if (!notice.node().equals(node)) {
                events.publishEvent(new ChangeFromAnotherNode(notice.tenantId()));
            }
        } catch (RuntimeException e) {
            log.warn("Could not relay another node's change notice '{}'", payload, e);
        }
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_DELAY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
