package io.lifeboat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.api.ApiClient;
import io.lifeboat.api.ApiTokens;
import io.lifeboat.replica.ReplicaFilter;
import io.lifeboat.replica.ReplicaOverviewService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code GET /api/v1/replicas} (first page of 50, the default sort, with the total) for a tenant of 5,000 replicas,
 * 50 concurrent clients over HTTP with one API token each; next to it the same query through the UI's data provider
 * (ReplicaOverviewService.list + count, what the replica grid calls) on 50 threads in the JVM. Not part of
 * {@code mvn test}; run with {@code ./lifeboat bench api}.
 */
@LabTest
@TestPropertySource(properties = {"lifeboat.lab.bench-vms=5000", "lifeboat.api.rate-limit.requests=100000000",
        "logging.level.io.lifeboat=warn"})
class ApiBench {

    private static final int CLIENTS = 50;
    private static final int REQUESTS_PER_CLIENT = 40;
    private static final int WARM_UP = 200;

    @LocalServerPort int port;
    @Autowired ApiTokens tokens;
    @Autowired AsUser as;
    @Autowired ReplicaOverviewService overview;

    @Test
    void replicas_page_over_the_api_and_through_the_ui_data_provider() throws Exception {
        List<ApiClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(new ApiClient("http://localhost:" + port, tokens.operate("bench-admin")));
        }
        assertThat(clients.get(0).get("/api/v1/replicas?size=50").json().path("total").asInt()).isEqualTo(5000);
        BenchReport report = new BenchReport("api");
        report.fact("replicas", 5000);
        report.fact("concurrent clients", CLIENTS);
        report.fact("requests per client", REQUESTS_PER_CLIENT);
        report.fact("query", "first page of 50 replicas, default sort, with the total count");
        report.fact("cores", Runtime.getRuntime().availableProcessors());

        report.row(measure("REST GET /api/v1/replicas", client -> () -> {
            ApiClient.Answer answer = clients.get(client).get("/api/v1/replicas?size=50");
            if (answer.status() != 200) {
                throw new AssertionError(answer.status() + " " + answer.text());
            }
        }));
        report.row(measure("UI data provider", client -> () -> as.run("bench-admin", () -> {
            overview.list(ReplicaFilter.none(), List.of(), 0, 50);
            overview.count(ReplicaFilter.none());
        })));
        report.write();
    }

    private Object[] measure(String path, java.util.function.IntFunction<Runnable> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            run(pool, WARM_UP / CLIENTS, request);
            long started = System.nanoTime();
            List<Long> micros = run(pool, REQUESTS_PER_CLIENT, request);
            double seconds = (System.nanoTime() - started) / 1e9;
            Collections.sort(micros);
            return new Object[]{"path", path, "requests", micros.size(), "p50_ms", ms(percentile(micros, 50)), "p99_ms", ms(percentile(micros, 99)),
                    "requests_per_s", Math.round(micros.size() / seconds)};
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Long> run(ExecutorService pool, int perClient, java.util.function.IntFunction<Runnable> request) throws Exception {
        List<Callable<List<Long>>> work = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            Runnable call = request.apply(client);
            work.add(() -> {
                List<Long> times = new ArrayList<>();
                for (int i = 0; i < perClient; i++) {
                    long start = System.nanoTime();
                    call.run();
                    times.add((System.nanoTime() - start) / 1000);
                }
                return times;
            });
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> done : pool.invokeAll(work)) {
            all.addAll(done.get());
        }
        return all;
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static double ms(long micros) {
        return Math.round(micros / 100.0) / 10.0;
    }
}
