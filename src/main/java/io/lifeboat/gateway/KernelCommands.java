package io.lifeboat.gateway;

import io.lifeboat.appliance.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runs {@code nft} and {@code sysctl} in the network namespace the relay programs: the process's own (a gateway host),
 * or a named one through {@code ip netns exec} (tests). Arguments are passed as a list, never through a shell; rulesets
 * go to {@code nft -f -} on standard input.
 */
public final class KernelCommands {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final List<String> prefix;
    private final String nft;

    KernelCommands(List<String> prefix, String nft) {
        this.prefix = List.copyOf(prefix);
        this.nft = nft;
    }

    /** In the namespace this process runs in. */
    public static KernelCommands here() {
        return new KernelCommands(List.of(), nftBinary().orElse("nft"));
    }

    /** In network namespace {@code ns} (a name {@code ip netns} knows). */
    public static KernelCommands inNamespace(String ns) {
        if (!ns.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new IllegalArgumentException("not a namespace name: " + ns);
        }
        return new KernelCommands(List.of("ip", "netns", "exec", ns), nftBinary().orElse("nft"));
    }

    /** Where Debian's nftables package puts {@code nft}, if installed. */
    static Optional<String> nftBinary() {
        return List.of("/usr/sbin/nft", "/sbin/nft").stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst();
    }

    /** Whether the {@code nft} this runs is installed. */
    boolean hasNft() {
        return Files.isExecutable(Path.of(nft)) || (!nft.contains("/") && nftBinary().isPresent());
    }

    /** {@code nft <args>} with {@code stdin} (null: none); throws with nft's own message when it fails. */
    String nft(String stdin, String... args) throws IOException {
        Commands.Result r = run(stdin, nft, args);
        if (!r.ok()) {
            throw new IOException("nft " + String.join(" ", args) + " failed: " + r.output().trim());
        }
        return r.output();
    }

    /** As {@link #nft}, but answers the failure instead of throwing (probing, and "no such table"). */
    Commands.Result tryNft(String... args) {
        return run(null, nft, args);
    }

    void sysctl(String key, String value) throws IOException {
        Commands.Result r = run(null, "sysctl", "-qw", key + "=" + value);
        if (!r.ok()) {
            throw new IOException("sysctl " + key + "=" + value + " failed: " + r.output().trim());
        }
    }

    private Commands.Result run(String stdin, String program, String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(program);
        cmd.addAll(Arrays.asList(args));
        return Commands.run(cmd, stdin, TIMEOUT);
    }
}
