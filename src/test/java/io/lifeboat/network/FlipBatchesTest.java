package io.lifeboat.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FlipBatchesTest {

    private static final long NETWORK = 7;
    private static final TunnelStatus UP = new TunnelStatus(true, 0.4, 0, 0, 0, Instant.EPOCH);

    private final FlipBatches batches = new FlipBatches();
    private final Object networkLock = new Object();
    private final List<Set<String>> applied = new CopyOnWriteArrayList<>();

    @Test
    void flips_that_arrive_while_one_is_applied_share_the_next_apply() throws Exception {
        CountDownLatch firstApplying = new CountDownLatch(1);
        CountDownLatch othersJoined = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(5);
        try {
            FlipBatches.Batch firstBatch = batches.join(NETWORK, "10.0.0.1");
            Future<TunnelStatus> first = callers.submit(() -> flip(firstBatch, ips -> {
                firstApplying.countDown();
                await(othersJoined);
                return UP;
            }));
            firstApplying.await(5, TimeUnit.SECONDS);
            // while the first is applied, four more VMs' flips arrive: they join a batch, then wait for the network's lock
            List<FlipBatches.Batch> joined = List.of("10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5").stream()
                    .map(ip -> batches.join(NETWORK, ip)).toList();
            List<Future<TunnelStatus>> others = joined.stream().map(batch -> callers.submit(() -> flip(batch, ips -> UP))).toList();
            othersJoined.countDown();

            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(UP);
            for (Future<TunnelStatus> other : others) {
                assertThat(other.get(5, TimeUnit.SECONDS)).isEqualTo(UP);
            }
            assertThat(applied).containsExactly(Set.of("10.0.0.1"), Set.of("10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"));
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void a_failed_apply_fails_every_member_of_its_batch_and_the_next_batch_starts_afresh() {
        FlipBatches.Batch batch = batches.join(NETWORK, "10.0.0.1");
        FlipBatches.Batch sameBatch = batches.join(NETWORK, "10.0.0.2");
        assertThat(sameBatch).isSameAs(batch);

        assertThatThrownBy(() -> batches.applyOnce(NETWORK, batch, ips -> {
            throw new NetworkExtensionException("tenant NEA does not answer");
        })).hasMessage("tenant NEA does not answer");
        assertThatThrownBy(() -> batches.applyOnce(NETWORK, sameBatch, ips -> UP)).hasMessage("tenant NEA does not answer");

        FlipBatches.Batch next = batches.join(NETWORK, "10.0.0.3");
        assertThat(next).isNotSameAs(batch);
        assertThat(batches.applyOnce(NETWORK, next, ips -> UP)).isEqualTo(UP);
    }

    private TunnelStatus flip(FlipBatches.Batch batch, java.util.function.Function<Set<String>, TunnelStatus> apply) {
        synchronized (networkLock) {
            return batches.applyOnce(NETWORK, batch, ips -> {
                applied.add(ips);
                return apply.apply(ips);
            });
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
