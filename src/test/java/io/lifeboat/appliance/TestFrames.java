package io.lifeboat.appliance;

/** Hex fixtures that arping on Debian 12 does not produce as-is (its -D keeps the sender IP). */
final class TestFrames {

    /** RFC 5227 probe for 192.168.60.11 from 02:00:00:00:00:20 (sender IP 0.0.0.0). */
    static final String PROBE_FOR_11 = "ffffffffffff0200000000200806000108000604000102000000002000000000000000000000c0a83c0b"
            + "000000000000000000000000000000000000";

    /** Reply "192.168.60.11 is-at 02:00:00:00:00:11" to 02:00:00:00:00:fe (the answer a probe is waiting for). */
    static final String REPLY_11_IS_AT = "0200000000fe02000000001108060001080006040002020000000011c0a83c0b0200000000fe00000000"
            + "000000000000000000000000000000000000";

    private TestFrames() {
    }
}
