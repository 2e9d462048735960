package io.lifeboat.failback;

import io.lifeboat.hypervisor.DatastoreFile;
import io.lifeboat.hypervisor.HypervisorAdmin;
import io.lifeboat.hypervisor.HypervisorException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Copies a replica's disk data from the provider site to a VM at the tenant site through the datastore file interface.
 *
 * <p>Per disk: when the tenant already has a file of the same size, both are read and hashed (SHA-256) side by side;
 * equal digests mean the disk is unchanged and it is not sent. Otherwise it is streamed provider → tenant into a
 * temporary name ({@value #TEMP_SUFFIX}), hashed on the way, and read back from the tenant site to check the digest.
 * Only when every changed disk is staged and verified are the temporary files renamed over the real ones (vSphere's
 * {@code MoveDatastoreFile_Task}), so a cancel or a failure never leaves a half-written or half-updated set of disks
 * under the real names. Nothing holds a whole file in memory.
 *
 * <p>Only the disks' data extents ({@code -flat.vmdk}) are copied. The descriptors ({@code .vmdk}), the configuration
 * ({@code .vmx}) and the firmware state stay the target VM's own: they name the VM's own files, network and identity,
 * which must not become the replica's.
 */
final class FailbackTransfer {

    static final String TEMP_SUFFIX = ".lifeboat-partial";
    private static final String DATA_SUFFIX = "-flat.vmdk";
    private static final int BUFFER = 1 << 20;
    private static final long REPORT_EVERY_NANOS = 250_000_000L;

    /** Where a copy stands, for the task's progress bar. {@code rate} is bytes per second, {@code timeLeft} null if unknown. */
    record Progress(String phase, long bytesSent, long bytesToSend, long rate, Duration timeLeft) {

        int percent() {
            return bytesToSend == 0 ? 0 : (int) Math.min(100, bytesSent * 100 / bytesToSend);
        }
    }

    /** What the copy did: files and bytes checked, sent and skipped, and how long sending took. */
    record Result(int files, int filesSent, long bytesSent, int filesUnchanged, long bytesUnchanged,
                  Duration checkTime, Duration sendTime, Duration verifyTime, Duration total) {

        /** Bytes per second while sending (0 when nothing was sent). */
        long sendRate() {
            return sendTime.isZero() ? 0 : (long) (bytesSent / (sendTime.toNanos() / 1e9));
        }
    }

    /** Hears about progress and is asked, now and then, whether the user cancelled. Called from the copying thread. */
    interface Listener {
        void progress(Progress progress);

        boolean cancelRequested();
    }

    /** The tenant cancelled; nothing of the copy is left at the tenant site. */
    static final class CancelledException extends RuntimeException {
        CancelledException(String message) {
            super(message);
        }
    }

    private final HypervisorAdmin source;
    private final HypervisorAdmin target;
    private final Duration timeout;
    private final long maxBytesPerSecond;

    /** @param maxBytesPerSecond a bandwidth cap for the tenant's link; 0 or less for none */
    FailbackTransfer(HypervisorAdmin source, HypervisorAdmin target, Duration timeout, long maxBytesPerSecond) {
        this.source = source;
        this.target = target;
        this.timeout = timeout;
        this.maxBytesPerSecond = maxBytesPerSecond;
    }

    /** One disk to bring back: its file at the provider, its real and temporary names at the tenant site. */
    record Disk(DatastoreFile source, String targetPath, Long targetSize) {
        String tempPath() {
            return targetPath + TEMP_SUFFIX;
        }
    }

    /** The disks of {@code sourceVmId} and where each goes in {@code targetVmId}'s directory. */
    List<Disk> plan(String sourceVmId, String targetVmId) {
        List<DatastoreFile> sourceFiles = source.listVmFiles(sourceVmId);
        List<DatastoreFile> targetFiles = target.listVmFiles(targetVmId);
        DatastoreFile targetConfig = configOf(targetFiles, targetVmId);
        String sourceBase = baseName(configOf(sourceFiles, sourceVmId));
        String targetBase = baseName(targetConfig);
        String targetDir = targetConfig.datastorePath().substring(0, targetConfig.datastorePath().lastIndexOf('/') + 1);
        Map<String, Long> targetSizes = targetFiles.stream().collect(Collectors.toMap(DatastoreFile::datastorePath, DatastoreFile::size, (a, b) -> a));
        List<Disk> disks = new ArrayList<>();
        for (DatastoreFile file : sourceFiles) {
            if (!file.fileName().endsWith(DATA_SUFFIX)) {
                continue;
            }
            String name = file.fileName().startsWith(sourceBase) ? targetBase + file.fileName().substring(sourceBase.length()) : file.fileName();
            String targetPath = targetDir + name;
            disks.add(new Disk(file, targetPath, targetSizes.get(targetPath)));
        }
        if (disks.isEmpty()) {
            throw new IllegalStateException("the replica has no disk data files (" + DATA_SUFFIX + ") to copy");
        }
        return disks;
    }

    /** Temporary files of an earlier, interrupted copy into {@code targetVmId}'s directory. */
    List<String> leftovers(String targetVmId) {
        return target.listVmFiles(targetVmId).stream().map(DatastoreFile::datastorePath).filter(p -> p.endsWith(TEMP_SUFFIX)).toList();
    }

    /** Deletes temporary files of an earlier, interrupted copy. Returns how many there were. */
    int removeLeftovers(String targetVmId) {
        List<String> left = leftovers(targetVmId);
        left.forEach(path -> target.deleteFile(path, timeout));
        return left.size();
    }

    /**
     * Brings the target's disks up to the source's.
     *
     * @throws CancelledException when the listener says the tenant cancelled (temporary files are removed first)
     * @throws HypervisorException when a site fails (temporary files may be left: a retry replaces them)
     * @throws IllegalStateException when a copy does not verify
     */
    Result copy(List<Disk> disks, Listener listener) {
        long started = System.nanoTime();
        ExecutorService readers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "failback-digest");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Disk> toSend = new ArrayList<>();
            long unchangedBytes = 0;
            for (int i = 0; i < disks.size(); i++) {
                Disk disk = disks.get(i);
                if (disk.targetSize() == null || disk.targetSize() != disk.source().size()) {
                    toSend.add(disk);
                    continue;
                }
                listener.progress(new Progress("Comparing " + disk.source().fileName() + " (" + (i + 1) + " of " + disks.size() + ")", 0, 0, 0, null));
                if (sameContent(disk, readers, listener)) {
                    unchangedBytes += disk.source().size();
                } else {
                    toSend.add(disk);
                }
            }
            long checked = System.nanoTime();

            long total = toSend.stream().mapToLong(d -> d.source().size()).sum();
            Meter meter = new Meter(total, listener);
            for (Disk disk : toSend) {
                String digest = send(disk, meter, readers);
                meter.phase("Verifying " + disk.source().fileName());
                String written = digest(target, disk.tempPath(), listener);
                if (!written.equals(digest)) {
                    throw new IllegalStateException("the copy of " + disk.source().fileName() + " at your site does not match the replica's"
                            + " (SHA-256 " + written + " instead of " + digest + ")");
                }
            }
            long verified = System.nanoTime();
            for (Disk disk : toSend) {
                target.moveFile(disk.tempPath(), disk.targetPath(), timeout);
            }
            return new Result(disks.size(), toSend.size(), total, disks.size() - toSend.size(), unchangedBytes,
                    Duration.ofNanos(checked - started), meter.sendTime(), Duration.ofNanos(verified - checked - meter.sendTime().toNanos()),
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (CancelledException e) {
            disks.forEach(disk -> target.deleteFile(disk.tempPath(), timeout));
            throw e;
        } finally {
            readers.shutdownNow();
        }
    }

    /**
     * Compares a disk at both sites by the SHA-256 of each 1 MiB block, both files read side by side, and stops at the
     * first block that differs: a changed disk costs little to detect, an unchanged one a full read of both copies.
     */
    private boolean sameContent(Disk disk, ExecutorService readers, Listener listener) {
        AtomicBoolean stop = new AtomicBoolean();
        BlockingQueue<Object> theirs = new LinkedBlockingQueue<>();
        BlockingQueue<Object> ours = new LinkedBlockingQueue<>();
        Future<?> a = readers.submit(() -> blockDigests(target, disk.targetPath(), theirs, stop));
        Future<?> b = readers.submit(() -> blockDigests(source, disk.source().datastorePath(), ours, stop));
        long lastCheck = System.nanoTime();
        try {
            while (true) {
                Object mine = next(ours);
                Object other = next(theirs);
                if (mine == END || other == END) {
                    return mine == other;
                }
                if (!Arrays.equals((byte[]) mine, (byte[]) other)) {
                    return false;
                }
                if (System.nanoTime() - lastCheck > REPORT_EVERY_NANOS) {
                    lastCheck = System.nanoTime();
                    if (listener.cancelRequested()) {
                        throw new CancelledException("Cancelled while comparing disks.");
                    }
                }
            }
        } finally {
            stop.set(true);
            a.cancel(true);
            b.cancel(true);
        }
    }

    private static final Object END = new Object();

    private static Object next(BlockingQueue<Object> queue) {
        try {
            Object item = queue.take();
            if (item instanceof RuntimeException e) {
                throw e;
            }
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("Interrupted while comparing disks.");
        }
    }

    /** Puts the SHA-256 of each block of the file into {@code out}, then END (or the error that stopped it). */
    private static void blockDigests(HypervisorAdmin site, String path, BlockingQueue<Object> out, AtomicBoolean stop) {
        MessageDigest sha = sha256();
        byte[] block = new byte[BUFFER];
        try (InputStream in = site.download(path, 0)) {
            while (!stop.get()) {
                int n = in.readNBytes(block, 0, block.length);
                if (n == 0) {
                    break;
                }
                sha.update(block, 0, n);
                out.add(sha.digest());
            }
            out.add(END);
        } catch (IOException e) {
            out.add(new HypervisorException(HypervisorException.Kind.UNREACHABLE,
                    "Lost the connection while reading " + path + ": " + e.getMessage(), e));
        } catch (RuntimeException e) {
            out.add(e);
        }
    }

    /**
     * Streams one disk into its temporary name and returns the SHA-256 of the bytes sent. One thread downloads and
     * hashes, the calling thread uploads, with a few buffers in between, so the two legs overlap.
     */
    private String send(Disk disk, Meter meter, ExecutorService readers) {
        meter.phase("Sending " + disk.source().fileName());
        long size = disk.source().size();
        Pipe pipe = new Pipe(meter);
        Future<String> reader = readers.submit(() -> pipe.fill(source, disk.source().datastorePath(), size));
        meter.startSending();
        try {
            target.upload(disk.tempPath(), pipe, size);
        } catch (RuntimeException e) {
            reader.cancel(true);
            if (meter.cancelled) {
                throw new CancelledException("Cancelled while sending " + disk.source().fileName() + ".");
            }
            if (pipe.failure != null) {
                throw pipe.failure; // the provider side broke first: say so, not that the upload did
            }
            throw e;
        } finally {
            meter.stopSending();
        }
        String digest = await(reader);
        if (pipe.count != size) {
            throw new IllegalStateException("the replica's " + disk.source().fileName() + " is " + pipe.count + " bytes, not " + size);
        }
        return digest;
    }

    /** Reads a datastore file and returns its SHA-256; checks for a cancel request between buffers. */
    private static String digest(HypervisorAdmin site, String path, Listener listener) {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[BUFFER];
        long lastCheck = System.nanoTime();
        try (InputStream in = site.download(path, 0)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                sha.update(buffer, 0, n);
                if (System.nanoTime() - lastCheck > REPORT_EVERY_NANOS) {
                    lastCheck = System.nanoTime();
                    if (listener.cancelRequested()) {
                        throw new CancelledException("Cancelled while comparing disks.");
                    }
                }
            }
        } catch (IOException e) {
            throw new HypervisorException(HypervisorException.Kind.UNREACHABLE,
                    "Lost the connection while reading " + path + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("Interrupted while comparing disks.");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String baseName(DatastoreFile config) {
        String name = config.fileName();
        return name.substring(0, name.length() - ".vmx".length());
    }

    private static DatastoreFile configOf(List<DatastoreFile> files, String vmId) {
        return files.stream().filter(f -> f.fileName().endsWith(".vmx")).findFirst()
                .orElseThrow(() -> new IllegalStateException("VM " + vmId + " has no configuration file (.vmx) in its directory"));
    }

    /** Counts bytes sent across disks, reports progress, paces to the bandwidth cap and polls for a cancel request. */
    private final class Meter {
        private final long total;
        private final Listener listener;
        private long sent;
        private long sendingNanos; // time spent sending, summed over disks (not comparing or verifying)
        private long sendingSince;
        private long lastReport;
        private String phase = "";
        volatile boolean cancelled;

        Meter(long total, Listener listener) {
            this.total = total;
            this.listener = listener;
        }

        void phase(String phase) {
            this.phase = phase;
            report();
        }

        void startSending() {
            sendingSince = System.nanoTime();
        }

        void stopSending() {
            sendingNanos += System.nanoTime() - sendingSince;
            sendingSince = 0;
        }

        private long elapsed(long now) {
            return sendingNanos + (sendingSince == 0 ? 0 : now - sendingSince);
        }

        /** Called for every buffer sent; throws when the tenant cancelled. */
        void sent(int bytes) throws IOException {
            sent += bytes;
            long now = System.nanoTime();
            if (maxBytesPerSecond > 0) {
                long ahead = (long) (sent * 1e9 / maxBytesPerSecond) - elapsed(now);
                if (ahead > 0) {
                    try {
                        Thread.sleep(ahead / 1_000_000, (int) (ahead % 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        cancelled = true;
                        throw new IOException("interrupted");
                    }
                }
            }
            if (now - lastReport > REPORT_EVERY_NANOS) {
                if (listener.cancelRequested()) {
                    cancelled = true;
                    throw new IOException("cancelled by the tenant");
                }
                report();
            }
        }

        private void report() {
            lastReport = System.nanoTime();
            double seconds = elapsed(lastReport) / 1e9;
            long rate = seconds > 0.2 ? (long) (sent / seconds) : 0;
            Duration left = rate > 0 ? Duration.ofSeconds((total - sent) / rate) : null;
            listener.progress(new Progress(phase, sent, total, rate, left));
        }

        Duration sendTime() {
            return Duration.ofNanos(sendingNanos);
        }
    }

    /**
     * Download → upload hand-over: {@link #fill} (on a reader thread) downloads and hashes into recycled buffers; the
     * upload reads this stream, which meters, paces and checks for a cancel.
     */
    private static final class Pipe extends InputStream {
        private static final int BUFFERS = 8;
        private static final byte[] EOF = new byte[0];

        private final Meter meter;
        private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
        private final BlockingQueue<byte[]> full = new ArrayBlockingQueue<>(BUFFERS + 1);
        private final BlockingQueue<Integer> lengths = new ArrayBlockingQueue<>(BUFFERS + 1);
        private byte[] current;
        private int position;
        private int limit;
        volatile long count;
        volatile RuntimeException failure;

        Pipe(Meter meter) {
            this.meter = meter;
            for (int i = 0; i < BUFFERS; i++) {
                free.add(new byte[BUFFER]);
            }
        }

        /** Reads the first {@code size} bytes of the file into the pipe and returns their SHA-256. */
        String fill(HypervisorAdmin site, String path, long size) throws InterruptedException {
            MessageDigest sha = sha256();
            try (InputStream in = site.download(path, 0)) {
                while (count < size) {
                    byte[] buffer = free.take();
                    int n = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, size - count));
                    if (n == 0) {
                        free.add(buffer);
                        break;
                    }
                    sha.update(buffer, 0, n);
                    count += n;
                    lengths.put(n);
                    full.put(buffer);
                }
            } catch (IOException e) {
                failure = new HypervisorException(HypervisorException.Kind.UNREACHABLE,
                        "Lost the connection to the provider site while reading " + path + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                failure = e;
            }
            lengths.put(0);
            full.put(EOF);
            if (failure != null) {
                throw failure;
            }
            return HexFormat.of().formatHex(sha.digest());
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (current == EOF) {
                return -1;
            }
            if (current == null || position == limit) {
                if (current != null) {
                    free.add(current);
                }
                try {
                    current = full.take();
                    limit = lengths.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
                position = 0;
                if (current == EOF) {
                    if (failure != null) {
                        throw new IOException(failure.getMessage(), failure);
                    }
                    return -1;
                }
            }
            int n = Math.min(len, limit - position);
            System.arraycopy(current, position, b, off, n);
            position += n;
            meter.sent(n);
            return n;
        }
    }
}
