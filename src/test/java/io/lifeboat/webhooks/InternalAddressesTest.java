package io.lifeboat.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses are the provider's own, on literals only: nothing here resolves a name or sends anything. */
class InternalAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "0.0.0.0", "0.1.2.3", "10.0.0.5", "172.16.0.1", "172.31.255.254", "192.168.1.1",
            "169.254.169.254", "100.64.0.1", "100.127.255.254", "224.0.0.1", "::1", "::", "fe80::1", "fec0::1", "fc00::1", "fd12:3456::1",
            "ff02::1", "::ffff:10.0.0.5", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::10.0.0.5", "64:ff9b::10.0.0.5"})
    void addresses_of_the_providers_own_networks_are_internal(String address) throws Exception {
        assertThat(InternalAddresses.isInternal(InetAddress.getByName(address))).isTrue();
    }

    /** Every block of IANA's IPv4 and IPv6 special-purpose registries, multicast and reserved space, and the IPv6 forms carrying them. */
    @ParameterizedTest
    @ValueSource(strings = {"198.18.0.1", "198.19.255.254", "240.0.0.1", "255.255.255.254", "255.255.255.255", "192.0.0.9", "192.0.0.170",
            "192.0.2.1", "198.51.100.7", "203.0.113.10", "192.31.196.1", "192.52.193.1", "192.88.99.1", "192.175.48.6", "239.255.255.250",
            "::ffff:198.18.0.1", "::ffff:255.255.255.255", "64:ff9b::203.0.113.10", "64:ff9b::240.0.0.1", "2002:a00:5::1", "2002:c612:1::1",
            "64:ff9b:1::a00:5", "100::1", "5f00::1", "4000::1", "ff05::1:3", "2001::1", "2001:2::1", "2001:20::1", "2001:1ff:ffff::1",
            "2001:db8::1", "2620:4f:8000::1", "3fff::1"})
    void reserved_documentation_benchmarking_and_other_special_purpose_addresses_are_refused_as_internal(String address) throws Exception {
        assertThat(InternalAddresses.isInternal(InetAddress.getByName(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "198.17.255.255", "198.20.0.1", "223.255.255.254", "192.0.1.1", "192.0.3.1", "203.0.114.1",
            "2001:200::1", "2002:808:808::1", "2620:4f:8001::1", "93.184.215.14", "100.63.255.255", "100.128.0.1", "172.32.0.1", "192.169.0.1", "11.0.0.1",
            "2001:4860:4860::8888", "2a00:1450:4001::200e", "::ffff:8.8.8.8", "64:ff9b::8.8.8.8"})
    void public_addresses_are_not(String address) throws Exception {
        assertThat(InternalAddresses.isInternal(InetAddress.getByName(address))).isFalse();
    }

    /** The JDK turns a mapped literal into an IPv4 address; a resolver may hand over the IPv6 form itself, with a scope. */
    @Test
    void an_ipv4_mapped_ipv6_address_is_judged_by_the_ipv4_address_it_carries() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 5};
        assertThat(InternalAddresses.isInternal(Inet6Address.getByAddress(null, mapped, 1))).isTrue();
        mapped[12] = 8;
        mapped[13] = 8;
        mapped[14] = 8;
        mapped[15] = 8;
        assertThat(InternalAddresses.isInternal(Inet6Address.getByAddress(null, mapped, 1))).isFalse();
    }
}
