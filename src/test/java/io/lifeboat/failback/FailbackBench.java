package io.lifeboat.failback;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.lab.LabSeeder;
import io.lifeboat.vcsim.SimulatorProcess;
import io.lifeboat.hypervisor.HypervisorAdmin;
import io.lifeboat.hypervisor.NewVm;
import io.lifeboat.vsphere.VsphereConnectors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Failback of a VM with two 1 GiB disks, one changed and one not, between two simulators, next to a plain local copy
 * of the same bytes on this machine in the same run. Not part of {@code mvn test} (the name does not end in Test); run
 * it with {@code mvn -q -B test -Dtest=FailbackBench -Dsurefire.failIfNoSpecifiedTests=false}. Prints a table and
 * writes {@code target/bench/failback.json}.
 */
class FailbackBench {

    private static final long DISK = 1L << 30;
    private static final int RUNS = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void failback_of_two_1_gib_disks_one_changed() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/bench"));
        try (SimulatorProcess providerSim = SimulatorProcess.start();
             SimulatorProcess tenantSim = SimulatorProcess.start();
             VsphereConnectors.CloseableConnector connector = VsphereConnectors.yavijava()) {
            HypervisorAdmin provider = connector.admin(providerSim.endpoint());
            HypervisorAdmin tenant = connector.admin(tenantSim.endpoint());
            String replicaId = provider.createVm(new NewVm("tenants/bench", "bench-01_replica", 2, 2048, "VM Network", "192.168.60.50", 1024), TIMEOUT);
            String productionId = tenant.createVm(new NewVm("production/bench", "bench-01", 2, 2048, "VM Network", "192.168.60.50", 1024), TIMEOUT);
            String replicaDisk = FailbackTestSupport.dataDisk(provider, replicaId);
            String productionDisk = FailbackTestSupport.dataDisk(tenant, productionId);
            String replicaSecond = replicaDisk.replace("-flat.vmdk", "_1-flat.vmdk");
            String productionSecond = productionDisk.replace("-flat.vmdk", "_1-flat.vmdk");
            FailbackTestSupport.write(provider, replicaDisk, "changed in the replica", DISK);
            FailbackTestSupport.write(provider, replicaSecond, "never changed", DISK);
            FailbackTestSupport.write(tenant, productionSecond, "never changed", DISK);

            Path localSource = dir.resolve("failback-local-source.bin");
            Path localCopy = dir.resolve("failback-local-copy.bin");
            try (InputStream in = LabSeeder.deterministicData("changed in the replica", DISK); OutputStream out = Files.newOutputStream(localSource)) {
                in.transferTo(out);
            }

            List<Map<String, Object>> runs = new ArrayList<>();
            try {
                for (int run = 1; run <= RUNS; run++) {
                    FailbackTestSupport.write(tenant, productionDisk, "the original before failover", DISK); // the disk the replica changed
                    FailbackTransfer transfer = new FailbackTransfer(provider, tenant, TIMEOUT, 0);
                    FailbackTransfer.Result result = transfer.copy(transfer.plan(replicaId, productionId), new FailbackTransfer.Listener() {
                        @Override
                        public void progress(FailbackTransfer.Progress progress) {
                        }

                        @Override
                        public boolean cancelRequested() {
                            return false;
                        }
                    });
                    assertThat(result.filesSent()).isEqualTo(1);
                    assertThat(result.filesUnchanged()).isEqualTo(1);
                    assertThat(result.bytesSent()).isEqualTo(DISK);

                    Files.deleteIfExists(localCopy);
                    long t = System.nanoTime();
                    Files.copy(localSource, localCopy, StandardCopyOption.REPLACE_EXISTING);
                    Duration local = Duration.ofNanos(System.nanoTime() - t);
                    runs.add(row(run, result, local));
                }
                assertThat(FailbackTestSupport.sha256(tenant, productionDisk)).isEqualTo(FailbackTestSupport.sha256(provider, replicaDisk));
                assertThat(FailbackTestSupport.files(tenant, productionId)).noneMatch(f -> f.endsWith(FailbackTransfer.TEMP_SUFFIX));
            } finally {
                Files.deleteIfExists(localSource);
                Files.deleteIfExists(localCopy);
            }

            StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%nFailback of 2 x 1 GiB disks (1 changed, 1 unchanged), SHA-256 verified%n"
                    + "%4s %7s %10s %9s %9s %9s %9s %10s %10s %10s %7s%n", "run", "sent", "bytes", "compare", "send", "verify", "total",
                    "send MB/s", "e2e MB/s", "local MB/s", "ratio"));
            for (Map<String, Object> r : runs) {
                table.append(String.format(Locale.ROOT, "%4d %7s %10d %8.2fs %8.2fs %8.2fs %8.2fs %10.0f %10.0f %10.0f %6.0f%%%n", r.get("run"),
                        r.get("filesSent") + "/" + r.get("files"), r.get("bytesSent"), r.get("compareSeconds"), r.get("sendSeconds"),
                        r.get("verifySeconds"), r.get("totalSeconds"), r.get("sendMBps"), r.get("endToEndMBps"), r.get("localCopyMBps"),
                        (double) r.get("sendVsLocalPercent")));
            }
            System.out.println(table);
            Path out = dir.resolve("failback.json");
            Files.writeString(out, json(runs));
            System.out.println("wrote " + out.toAbsolutePath());
        }
    }

    private static Map<String, Object> row(int run, FailbackTransfer.Result r, Duration local) {
        double send = seconds(r.sendTime());
        double localSeconds = seconds(local);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("run", run);
        row.put("files", r.files());
        row.put("filesSent", r.filesSent());
        row.put("bytesSent", r.bytesSent());
        row.put("filesUnchanged", r.filesUnchanged());
        row.put("bytesUnchanged", r.bytesUnchanged());
        row.put("compareSeconds", seconds(r.checkTime()));
        row.put("sendSeconds", send);
        row.put("verifySeconds", seconds(r.verifyTime()));
        row.put("totalSeconds", seconds(r.total()));
        row.put("sendMBps", r.bytesSent() / send / 1e6);
        row.put("endToEndMBps", r.bytesSent() / seconds(r.total()) / 1e6);
        row.put("localCopySeconds", localSeconds);
        row.put("localCopyMBps", r.bytesSent() / localSeconds / 1e6);
        row.put("sendVsLocalPercent", Math.round(1000.0 * localSeconds / send) / 10.0);
        return row;
    }

    private static double seconds(Duration d) {
        return Math.round(d.toNanos() / 1e6) / 1000.0;
    }

    private static String json(List<Map<String, Object>> rows) throws IOException {
        return rows.stream().map(r -> r.entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + e.getValue())
                        .collect(Collectors.joining(", ", "  {", "}")))
                .collect(Collectors.joining(",\n", "{\"benchmark\": \"failback\", \"diskBytes\": " + DISK + ", \"runs\": [\n", "\n]}\n"));
    }
}
