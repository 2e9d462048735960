package io.lifeboat.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code cloud-gateway --relay}: which relay a gateway process takes, and that it says why it falls back. */
class GatewayRelayChoiceTest {

    private static final KernelCommands WITHOUT_NFT = new KernelCommands(List.of(), "/nonexistent/nft");

    @Test
    void auto_falls_back_to_the_user_space_relay_and_says_why() {
        String log = stderrOf(() -> assertThat(GatewayMain.relay("auto", WITHOUT_NFT)).isInstanceOf(CloudGateway.class));

        assertThat(log).contains("relay: user space (nft is not installed");
    }

    @Test
    void kernel_refuses_to_start_without_nft_and_user_is_taken_as_asked() {
        assertThatThrownBy(() -> GatewayMain.relay("kernel", WITHOUT_NFT)).hasMessageContaining("nft is not installed");
        assertThat(GatewayMain.relay("user", WITHOUT_NFT)).isInstanceOf(CloudGateway.class);
        assertThatThrownBy(() -> GatewayMain.relay("fast", WITHOUT_NFT)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String stderrOf(Runnable r) {
        PrintStream before = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(before);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
