package io.lifeboat.vcsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A simulator stopped by a signal: its shutdown hook and the portal's close stop it at the same moment. */
class SimulatorProcessTest {

    @Test
    void a_close_and_a_kill_at_once_both_return_and_leave_no_datastores() throws Exception {
        for (int round = 0; round < 5; round++) {
            SimulatorProcess sim = SimulatorProcess.start();
            Path dataDir = dataDirOf(sim.port());
            fill(dataDir);   // enough files that the two deletions overlap: a real lab's VMs leave disks and snapshots

            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<Void> close = CompletableFuture.runAsync(() -> after(go, sim::close));
            CompletableFuture<Void> kill = CompletableFuture.runAsync(() -> after(go, sim::kill));
            go.countDown();
            CompletableFuture.allOf(close, kill).get();   // either one's exception fails the test here

            assertThat(dataDir).as("round " + round).doesNotExist();
        }
    }

    private static Path dataDirOf(int port) throws IOException {
        try (Stream<Path> dirs = Files.list(SimulatorProcess.ensureBinary().getParent())) {
            List<Path> found = dirs.filter(dir -> dir.getFileName().toString().startsWith("data-" + port + "-")).toList();
            assertThat(found).hasSize(1);
            return found.get(0);
        }
    }

    private static void fill(Path dataDir) throws IOException {
        for (int vm = 0; vm < 40; vm++) {
            Path vmDir = Files.createDirectories(dataDir.resolve("DS/vm-" + vm));
            for (int file = 0; file < 50; file++) {
                Files.writeString(vmDir.resolve("vm-" + vm + "-Snapshot" + file + ".vmsn"), "x");
            }
        }
    }

    private static void after(CountDownLatch go, Runnable stop) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop.run();
    }
}
