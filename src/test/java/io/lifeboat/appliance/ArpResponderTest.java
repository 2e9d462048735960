package io.lifeboat.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArpResponderTest {

    private static final MacAddress OWN = MacAddress.parse("02:00:00:00:00:fe");
    private static final MacAddress HOST = MacAddress.parse("02:00:00:00:00:20");
    private static final int SUBNET_HOST_20 = Ipv4.parse("192.168.60.20");

    private static byte[] request(MacAddress from, int senderIp, int targetIp) {
        return new ArpFrame(MacAddress.BROADCAST, from, ArpFrame.REQUEST, from, senderIp, MacAddress.ZERO, targetIp).toBytes();
    }

    private ArpResponder tenantSide(String... failedOver) {
        ArpResponder r = new ArpResponder(OWN);
        r.setProxied(ProxiedSet.tenantSide(Set.of(java.util.Arrays.stream(failedOver).map(Ipv4::parse).toArray(Integer[]::new))));
        return r;
    }

    @Test
    void answers_a_request_for_a_failed_over_ip_with_its_own_mac() {
        ArpResponder r = tenantSide("192.168.60.11");

        ArpFrame reply = ArpFrame.parse(r.handle(request(HOST, SUBNET_HOST_20, Ipv4.parse("192.168.60.11"))).orElseThrow()).orElseThrow();

        assertThat(reply.op()).isEqualTo(ArpFrame.REPLY);
        assertThat(reply.senderMac()).isEqualTo(OWN);
        assertThat(Ipv4.format(reply.senderIp())).isEqualTo("192.168.60.11");
        assertThat(reply.ethDestination()).isEqualTo(HOST);
        assertThat(r.answered()).isEqualTo(1);
    }

    @Test
    void does_not_answer_for_ips_outside_the_proxied_set() {
        assertThat(tenantSide("192.168.60.11").handle(request(HOST, SUBNET_HOST_20, Ipv4.parse("192.168.60.10")))).isEmpty();
    }

    @Test
    void ignores_probes_so_a_starting_host_can_claim_its_address() {
        ArpResponder r = tenantSide("192.168.60.11");
        assertThat(r.handle(HexFormat.of().parseHex(TestFrames.PROBE_FOR_11))).isEmpty();
        assertThat(r.ignored()).isEqualTo(1);
    }

    @Test
    void ignores_others_gratuitous_arp_and_its_own_frames() {
        ArpResponder r = tenantSide("192.168.60.11");
        int ip = Ipv4.parse("192.168.60.11");
        assertThat(r.handle(request(HOST, ip, ip))).isEmpty();
        assertThat(r.handle(request(OWN, SUBNET_HOST_20, ip))).isEmpty();
    }

    @Test
    void ignores_replies() {
        assertThat(tenantSide("192.168.60.11").handle(HexFormat.of().parseHex(TestFrames.REPLY_11_IS_AT))).isEmpty();
    }

    @Test
    void counts_malformed_frames_and_drops_them() {
        ArpResponder r = tenantSide("192.168.60.11");
        assertThat(r.handle(new byte[3])).isEmpty();
        assertThat(r.handle(new byte[0])).isEmpty();
        assertThat(r.malformed()).isEqualTo(2);
    }

    @Test
    void provider_side_answers_for_the_gateway_but_not_for_replicas() {
        ArpResponder r = new ArpResponder(OWN);
        r.setProxied(ProxiedSet.providerSide(Ipv4Subnet.parse("192.168.60.0/24"), Set.of(Ipv4.parse("192.168.60.11")),
                Ipv4.parse("169.254.0.1")));
        int replica = Ipv4.parse("192.168.60.11");

        assertThat(r.handle(request(HOST, replica, Ipv4.parse("192.168.60.1")))).isPresent();
        assertThat(r.handle(request(HOST, Ipv4.parse("192.168.60.12"), replica))).isEmpty();
    }

    /** 100,000+ random and mutated frames: nothing escapes, nothing outside the proxied set is answered. */
    @Test
    void fuzz_never_throws_and_never_answers_outside_the_proxied_set() {
        Set<Integer> proxied = Set.of(Ipv4.parse("192.168.60.11"), Ipv4.parse("192.168.60.12"));
        ArpResponder r = new ArpResponder(OWN);
        r.setProxied(ProxiedSet.tenantSide(proxied));
        Random rnd = new Random(5227);
        byte[] valid = request(HOST, SUBNET_HOST_20, Ipv4.parse("192.168.60.11"));
        int replies = 0;
        int frames = 150_000;
        for (int i = 0; i < frames; i++) {
            byte[] frame;
            switch (i % 3) {
                case 0 -> {                                  // pure noise of any length
                    frame = new byte[rnd.nextInt(100)];
                    rnd.nextBytes(frame);
                }
                case 1 -> {                                  // a valid request with a few bytes flipped
                    frame = valid.clone();
                    for (int k = rnd.nextInt(4) + 1; k > 0; k--) {
                        frame[rnd.nextInt(frame.length)] ^= (byte) (1 + rnd.nextInt(255));
                    }
                }
                default -> {                                 // a valid header, random target, truncated sometimes
                    frame = request(MacAddress.of(randomMac(rnd)), rnd.nextInt(), rnd.nextBoolean()
                            ? Ipv4.parse("192.168.60.1" + rnd.nextInt(3)) : rnd.nextInt());
                    if (rnd.nextInt(4) == 0) {
                        frame = java.util.Arrays.copyOf(frame, rnd.nextInt(frame.length));
                    }
                }
            }
            Optional<byte[]> reply = r.handle(frame);
            if (reply.isPresent()) {
                replies++;
                ArpFrame asked = ArpFrame.parse(frame).orElseThrow();
                ArpFrame answer = ArpFrame.parse(reply.get()).orElseThrow();
                assertThat(proxied).contains(asked.targetIp());
                assertThat(asked.op()).isEqualTo(ArpFrame.REQUEST);
                assertThat(asked.isProbe() || asked.isGratuitous()).isFalse();
                assertThat(answer.senderIp()).isEqualTo(asked.targetIp());
                assertThat(answer.senderMac()).isEqualTo(OWN);
            }
        }
        assertThat(r.answered() + r.ignored() + r.malformed()).isEqualTo(frames);
        assertThat(replies).isPositive();
        assertThat(r.malformed()).isPositive();
    }

    private static byte[] randomMac(Random rnd) {
        byte[] b = new byte[6];
        rnd.nextBytes(b);
        return b;
    }
}
