package io.lifeboat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.quartz.spi.InstanceIdGenerator;

/**
 * Quartz's instance id for this portal node: the host's name as the kernel has it, plus a random suffix that keeps two
 * nodes (or two starts of one node) apart. Quartz's own AUTO generator resolves the host name through DNS and refuses
 * to start on a host whose name is not in /etc/hosts; a production portal must start on any host.
 */
public class NodeInstanceIdGenerator implements InstanceIdGenerator {

    private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    @Override
    public String generateInstanceId() {
        return hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String hostName() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = Files.readString(KERNEL_HOSTNAME).strip();
            } catch (IOException | SecurityException unreadable) {
                name = "";
            }
        }
        name = name.replaceAll("[^A-Za-z0-9.-]", "");
        return name.isEmpty() ? "node" : name.substring(0, Math.min(name.length(), 100));
    }
}
