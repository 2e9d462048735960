package io.lifeboat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lifeboat.failover.FailoverRequest;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.inventory.RestorePointInfo;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import io.lifeboat.tasks.TaskInfo;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The production database profile ({@code postgres}) on a real PostgreSQL: Flyway's migrations (common and the
 * PostgreSQL Quartz tables), Quartz's clustered JDBC job store, and one failover and undo of an acme VM through it,
 * with the lab's simulators.
 */
@ExtendWith(Postgres.class)
// Its own Quartz scheduler name: Quartz keeps data sources JVM-wide by scheduler name, and this context closes
// (DirtiesContext) while the shared @LabTest context lives on.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.quartz.scheduler-name=lifeboat-postgres-test")
@ActiveProfiles({"lab", "test", "postgres"})
@DirtiesContext
@SecondLane
class PostgresProfileTest {

    @Autowired JdbcTemplate jdbc;
    @Autowired Scheduler scheduler;
    @Autowired AsUser as;
    @Autowired FailoverService failover;
    @Autowired ReplicaOverviewService overview;
    @Autowired TaskService tasks;

    @org.springframework.boot.test.web.server.LocalServerPort int port;

    @Test
    void the_production_profile_sends_hsts_and_a_secure_same_site_session_cookie() throws Exception {
        var login = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/login")).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(login.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(h -> assertThat(h).contains("max-age=31536000"));
        assertThat(login.headers().allValues("Set-Cookie")).filteredOn(c -> c.startsWith("JSESSIONID=")).singleElement()
                .satisfies(cookie -> assertThat(cookie).contains("Secure", "SameSite=Lax", "HttpOnly"));
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.start();
        registry.add("spring.datasource.url", Postgres::jdbcUrl);
        registry.add("spring.datasource.username", () -> Postgres.USER);
        registry.add("spring.datasource.password", () -> "");
    }

    @Test
    void flyway_migrates_postgresql_and_quartz_runs_clustered_on_its_tables() throws Exception {
        assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
        assertThat(jdbc.queryForList("select version from flyway_schema_history where success order by installed_rank", String.class))
                .contains("1", "2");
        assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history where not success", Integer.class)).isZero();
        assertThat(jdbc.queryForList("select table_name from information_schema.tables where table_schema = 'public'", String.class))
                .contains("qrtz_job_details", "qrtz_triggers", "qrtz_locks", "qrtz_scheduler_state", "tenant", "replica");
        assertThat(scheduler.getMetaData().isJobStoreClustered()).isTrue();
        assertThat(scheduler.getMetaData().isJobStoreSupportsPersistence()).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from qrtz_scheduler_state", Integer.class)).isPositive();
    }

    @Test
    void a_failover_and_its_undo_run_through_postgresql() {
        ReplicaRow web = as.call("acme-admin", () -> overview.list(new ReplicaFilter("web-01", null), List.of(), 0, 10)).stream()
                .filter(r -> r.vmName().equals("web-01")).findFirst().orElseThrow();
        RestorePointInfo point = as.call("acme-admin", () -> overview.restorePoints(web.id())).get(0);

        long taskId = as.call("acme-admin", () -> failover.startFailover(
                new FailoverRequest(List.of(new FailoverRequest.VmChoice(web.id(), point.id())), true)));
        assertThat(awaitFinished(taskId).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(state(web)).isEqualTo(ReplicaState.FAILED_OVER);

        long undoId = as.call("acme-admin", () -> failover.undoFailover(web.id()));
        assertThat(awaitFinished(undoId).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(state(web)).isEqualTo(ReplicaState.READY);
    }

    private ReplicaState state(ReplicaRow row) {
        return as.call("acme-admin", () -> overview.find(row.id())).orElseThrow().state();
    }

    private TaskInfo awaitFinished(long taskId) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> as.call("acme-admin", () -> tasks.find(taskId)).orElseThrow(), task -> task.state().isFinished());
    }
}
