package io.lifeboat.cluster;

import static org.awaitility.Awaitility.await;

import io.lifeboat.Postgres;
import io.lifeboat.SecondLane;
import io.lifeboat.SilencingForwarder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;

/**
 * The connection a node listens on for the other nodes' changes, through a path that drops it without a word (a NAT
 * or firewall that forgot it): the node notices, listens again on a new connection, and has every screen refresh for
 * what it missed. It used to wait on the dead connection for good, its screens stale.
 */
@ExtendWith(Postgres.class)
@SecondLane
class PostgresChangeRelayTest {

    @Test
    void a_listening_connection_whose_path_went_silent_is_replaced_and_every_screen_refreshes() throws Exception {
        try (SilencingForwarder path = new SilencingForwarder(Postgres.port())) {
            DataSourceProperties database = new DataSourceProperties();
            database.setUrl("jdbc:postgresql://127.0.0.1:" + path.port() + "/" + Postgres.DATABASE);
            database.setUsername(Postgres.USER);
            List<Object> published = new CopyOnWriteArrayList<>();
            PostgresChangeRelay relay = new PostgresChangeRelay(database, null, published::add);
            relay.start();
            try {
                path.silenceOpenConnections();
                await().atMost(Duration.ofSeconds(60)).until(() -> published.stream()
                        .anyMatch(event -> event instanceof ChangeFromAnotherNode change && change.tenantId() == null));
            } finally {
                relay.stop();
                relay.destroy();
            }
        }
    }
}
