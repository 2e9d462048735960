package io.lifeboat.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.pki.PrivateKeySealer;
import io.lifeboat.pki.TunnelCredentialStore;
import io.lifeboat.pki.TunnelPki;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data plane hands out the network extension only while its runtime can run, and otherwise says why. */
class DataPlaneTest {

    @TempDir Path dir;

    @Test
    void without_a_runtime_there_is_no_extension_and_the_reason_says_so() {
        DataPlane none = new DataPlane(Optional.empty());

        assertThat(none.extension()).isEmpty();
        assertThat(none.unavailableReason()).isEqualTo(DataPlane.NO_RUNTIME);
    }

    @Test
    void a_runtime_that_cannot_run_yet_gives_its_own_reason_and_no_extension() {
        DataPlane waiting = new DataPlane(Optional.of(extensionOver(new Runtime("The lab data plane has not started yet."))));

        assertThat(waiting.extension()).isEmpty();
        assertThat(waiting.unavailableReason()).isEqualTo("The lab data plane has not started yet.");
    }

    @Test
    void a_runtime_that_runs_gives_the_extension_and_no_reason() {
        NetworkExtension extension = extensionOver(new Runtime(null));
        DataPlane running = new DataPlane(Optional.of(extension));

        assertThat(running.extension()).containsSame(extension);
        assertThat(running.unavailableReason()).isNull();
    }

    private NetworkExtension extensionOver(Runtime runtime) {
        return new NetworkExtension(runtime, runtime, new TunnelCredentialStore(dir, new PrivateKeySealer(new byte[32]), new TunnelPki()),
                NetworkExtension.Options.DEFAULT);
    }

    /** A runtime that only reports whether it can run; nothing here boots an NEA. */
    private static final class Runtime extends BootsNoNeas implements TunnelRelay {

        private final String unavailableReason;

        Runtime(String unavailableReason) {
            this.unavailableReason = unavailableReason;
        }

        @Override
        public String unavailableReason() {
            return unavailableReason;
        }

        @Override
        public InetSocketAddress open(TenantNetworkRef ref, InetSocketAddress providerNea) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close(TenantNetworkRef ref) {
        }

        @Override
        public Optional<RelayCounters> counters(TenantNetworkRef ref) {
            return Optional.empty();
        }
    }
}
