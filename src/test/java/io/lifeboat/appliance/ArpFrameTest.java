package io.lifeboat.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArpFrameTest {

    // Captured with arping between two namespaces (02:..:20 = .20 asking, see fixtures/README.md)
    private static final MacAddress ASKER = MacAddress.parse("02:00:00:00:00:20");

    @Test
    void parses_a_captured_request() throws Exception {
        List<byte[]> frames = PcapFixture.frames("/fixtures/arp-lan.pcap");
        ArpFrame req = ArpFrame.parse(frames.get(0)).orElseThrow();

        assertThat(req.op()).isEqualTo(ArpFrame.REQUEST);
        assertThat(req.senderMac()).isEqualTo(ASKER);
        assertThat(Ipv4.format(req.senderIp())).isEqualTo("192.168.60.20");
        assertThat(Ipv4.format(req.targetIp())).isEqualTo("192.168.60.1");
        assertThat(req.ethDestination()).isEqualTo(MacAddress.BROADCAST);
        assertThat(req.isProbe()).isFalse();
        assertThat(req.isGratuitous()).isFalse();
    }

    @Test
    void recognises_captured_gratuitous_announcements() throws Exception {
        List<byte[]> frames = PcapFixture.frames("/fixtures/arp-lan.pcap");
        assertThat(ArpFrame.parse(frames.get(2)).orElseThrow().isGratuitous()).isTrue();   // arping -U
        assertThat(ArpFrame.parse(frames.get(3)).orElseThrow().isGratuitous()).isTrue();   // arping -A
    }

    @Test
    void recognises_a_probe() throws Exception {
        byte[] probe = HexFormat.of().parseHex(TestFrames.PROBE_FOR_11);
        ArpFrame f = ArpFrame.parse(probe).orElseThrow();
        assertThat(f.isProbe()).isTrue();
        assertThat(Ipv4.format(f.targetIp())).isEqualTo("192.168.60.11");
    }

    @Test
    void reply_answers_the_asker_with_our_mac_and_round_trips() throws Exception {
        MacAddress own = MacAddress.parse("02:00:00:00:00:fe");
        ArpFrame req = ArpFrame.parse(PcapFixture.frames("/fixtures/arp-lan.pcap").get(0)).orElseThrow();

        byte[] bytes = ArpFrame.replyTo(req, own).toBytes();

        assertThat(bytes).hasSize(60);
        assertThat(HexFormat.of().formatHex(bytes, 0, 42)).isEqualTo(
                "020000000020" + "0200000000fe" + "0806" + "0001" + "0800" + "0604" + "0002"
                        + "0200000000fe" + "c0a83c01" + "020000000020" + "c0a83c14");
        ArpFrame back = ArpFrame.parse(bytes).orElseThrow();
        assertThat(back.op()).isEqualTo(ArpFrame.REPLY);
        assertThat(Ipv4.format(back.senderIp())).isEqualTo("192.168.60.1");
    }

    @Test
    void gratuitous_and_probe_builders_follow_rfc_5227() {
        MacAddress own = MacAddress.parse("02:00:00:00:00:fe");
        ArpFrame g = ArpFrame.parse(ArpFrame.gratuitous(own, Ipv4.parse("192.168.60.11")).toBytes()).orElseThrow();
        assertThat(g.isGratuitous()).isTrue();
        assertThat(g.ethDestination()).isEqualTo(MacAddress.BROADCAST);
        ArpFrame p = ArpFrame.parse(ArpFrame.probe(own, Ipv4.parse("192.168.60.11")).toBytes()).orElseThrow();
        assertThat(p.isProbe()).isTrue();
        assertThat(p.targetMac()).isEqualTo(MacAddress.ZERO);
    }

    @Test
    void an_announcement_on_behalf_of_another_station_carries_its_mac_in_arp_and_ours_in_ethernet() {
        MacAddress nea = MacAddress.parse("02:00:00:00:00:fe");
        MacAddress vm = MacAddress.parse("02:00:00:00:00:11");

        List<ArpFrame> frames = ArpFrame.announcement(nea, vm, Ipv4.parse("192.168.60.11"));

        assertThat(frames).extracting(ArpFrame::op).containsExactly(ArpFrame.REQUEST, ArpFrame.REPLY);
        assertThat(HexFormat.of().formatHex(frames.get(0).toBytes(), 0, 42)).isEqualTo(
                "ffffffffffff" + "0200000000fe" + "0806" + "0001" + "0800" + "0604" + "0001"
                        + "020000000011" + "c0a83c0b" + "000000000000" + "c0a83c0b");
        // the reply form: target MAC = sender MAC, or Linux does not take an unsolicited reply as gratuitous
        assertThat(HexFormat.of().formatHex(frames.get(1).toBytes(), 0, 42)).isEqualTo(
                "ffffffffffff" + "0200000000fe" + "0806" + "0001" + "0800" + "0604" + "0002"
                        + "020000000011" + "c0a83c0b" + "020000000011" + "c0a83c0b");
        assertThat(frames).allSatisfy(f -> assertThat(ArpFrame.parse(f.toBytes()).orElseThrow().isGratuitous()).isTrue());
    }

    @Test
    void parses_a_vlan_tagged_request() throws Exception {
        byte[] plain = PcapFixture.frames("/fixtures/arp-lan.pcap").get(0);
        byte[] tagged = new byte[plain.length + 4];
        System.arraycopy(plain, 0, tagged, 0, 12);
        tagged[12] = (byte) 0x81;
        tagged[14] = 0x0b;
        tagged[15] = (byte) 0xb9;     // VLAN 3001
        System.arraycopy(plain, 12, tagged, 16, plain.length - 12);
        assertThat(ArpFrame.parse(tagged)).isPresent();
    }

    @Test
    void rejects_truncated_non_arp_and_non_ipv4_frames() throws Exception {
        byte[] req = PcapFixture.frames("/fixtures/arp-lan.pcap").get(0);
        assertThat(ArpFrame.parse(java.util.Arrays.copyOf(req, 41))).isEmpty();
        byte[] ipv4 = req.clone();
        ipv4[13] = 0x00;
        assertThat(ArpFrame.parse(ipv4)).isEmpty();
        byte[] ipv6Arp = req.clone();
        ipv6Arp[16] = (byte) 0x86;
        ipv6Arp[17] = (byte) 0xdd;
        assertThat(ArpFrame.parse(ipv6Arp)).isEmpty();
        byte[] badOp = req.clone();
        badOp[21] = 9;
        assertThat(ArpFrame.parse(badOp)).isEmpty();
        assertThat(ArpFrame.parse(null)).isEmpty();
    }
}
