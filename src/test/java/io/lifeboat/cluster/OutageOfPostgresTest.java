package io.lifeboat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lifeboat.AsUser;
import io.lifeboat.Postgres;
import io.lifeboat.SecondLane;
import io.lifeboat.api.ApiTokens;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.tasks.TaskInfo;
import io.lifeboat.tasks.TaskService;
import io.lifeboat.tasks.TaskState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops (its server process really ends) while a failover of several VMs runs on a portal node, and starts
 * again a little later. While it is away an API caller gets a 503 problem detail saying the database is unreachable
 * (no stack trace, no misleading 401) and a login is sent back to the login page saying so (not "wrong password"); once
 * it is back the failover carries on where it stopped: every VM ends failed
 * over, no task is left RUNNING, and every VM's undo then succeeds (its marker snapshot is where the database says).
 */
@SecondLane
class OutageOfPostgresTest extends OneBenchNode {

    @Test
    void a_failover_interrupted_by_a_database_outage_completes_once_the_database_is_back() throws Exception {
        AsUser as = as();
        ReplicaOverviewService overview = nodes.bean(0, ReplicaOverviewService.class);
        TaskService tasks = nodes.bean(0, TaskService.class);
        String token = nodes.bean(0, ApiTokens.class).operate(USER);
        List<ReplicaRow> vms = benchVms();
        long taskId = failOverAndAwaitProgress(vms);   // mid-operation: some VMs are done, the others not yet
        long stopped = System.nanoTime();
        Postgres.stopServerKeepingData();
        HttpResponse<String> whileAway;
        HttpResponse<String> loginWhileAway;
        try {
            whileAway = get("/api/v1/tasks/" + taskId, token);
            loginWhileAway = logIn(USER, "bench");
        } finally {
            Thread.sleep(3000); // the runner meets the outage on its next step
            Postgres.startAgain();
        }
        System.out.printf("PostgreSQL away for %d ms; the API answered %d %s%n", (System.nanoTime() - stopped) / 1_000_000,
                whileAway.statusCode(), whileAway.body());
        assertThat(whileAway.statusCode()).isEqualTo(503);
        assertThat(whileAway.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(whileAway.body()).contains("database").doesNotContain("Exception", "\tat ");
        // The login page says the database is away rather than "wrong username or password".
        assertThat(loginWhileAway.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?unavailable"));

        TaskInfo task = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> as.call(USER, () -> tasks.find(taskId)).orElseThrow(), t -> t.state().isFinished());
        System.out.println("After the outage the failover ended " + task.state() + ": " + task.summary());
        assertThat(task.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(task.summary()).isEqualTo(VMS + " VMs running at the provider.");
        assertThat(vms).allSatisfy(vm -> assertThat(as.call(USER, () -> overview.find(vm.id())).orElseThrow().state())
                .as(vm.vmName()).isEqualTo(ReplicaState.FAILED_OVER));
        assertThat(count("SELECT count(*) FROM task WHERE state = 'RUNNING'")).as("tasks left RUNNING").isZero();

        // Nothing half-done: every VM's undo marker is in place, so each undo succeeds and the VM is Ready again.
        List<Long> undos = vms.stream().map(vm -> as.call(USER, () -> nodes.bean(0, FailoverService.class).undoFailover(vm.id()))).toList();
        assertThat(undos).allSatisfy(undo -> assertThat(await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> as.call(USER, () -> tasks.find(undo)).orElseThrow(), t -> t.state().isFinished()).state()).isEqualTo(TaskState.SUCCEEDED));
        assertThat(vms).allSatisfy(vm -> assertThat(as.call(USER, () -> overview.find(vm.id())).orElseThrow().state())
                .as(vm.vmName()).isEqualTo(ReplicaState.READY));
    }

    private static long count(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(Postgres.jdbcUrl(), Postgres.USER, "");
             Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static HttpResponse<String> logIn(String username, String password) throws Exception {
        String origin = "http://127.0.0.1:" + nodes.port(0);
        HttpRequest request = HttpRequest.newBuilder(URI.create(origin + "/login")).header("Origin", origin)
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("username=" + username + "&password=" + password)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nodes.port(0) + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
