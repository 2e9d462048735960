package io.lifeboat.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The kernel relay's nftables text, without root: what goes in, what is refused, which counters are kept. */
class NftRelayRulesetTest {

    private static final CloudGateway.FlowSpec ACME = new CloudGateway.FlowSpec("acme", addr("100.64.1.1", 1194),
            addr("10.200.1.2", 1194), addr("10.200.1.1", 1194));

    @Test
    void a_flow_is_screened_dnated_snated_and_counted_each_way() {
        String batch = NftRelayRuleset.batch(List.of(ACME), Set.of(), Set.of());

        assertThat(batch).contains("add chain ip lifeboat_relay forward { type filter hook forward priority filter; policy drop; }")
                .contains("add counter ip lifeboat_relay in_acme\n").contains("add counter ip lifeboat_relay out_acme\n")
                .contains("screen_acme udp length 8 counter name \"drop_acme\" drop")
                .contains("screen_acme @th,64,5 != 1-11 counter name \"drop_acme\" drop")
                .contains("to_upstream ip daddr 100.64.1.1 udp dport 1194 dnat to 10.200.1.2:1194")
                .contains("from_bind meta l4proto udp ct original ip daddr 100.64.1.1 ct original proto-dst 1194 snat to 10.200.1.1\n")
                .contains("flow_acme meta l4proto udp ct reply ip saddr 10.200.1.2 ct reply proto-src 1194 ct direction original counter name \"in_acme\" accept")
                .contains("flow_acme meta l4proto udp ct reply ip saddr 10.200.1.2 ct reply proto-src 1194 ct direction reply counter name \"out_acme\" accept");
    }

    /** Each datagram finds its flow's chain in one map lookup: the per-packet chains do not grow with the flows. */
    @Test
    void the_per_datagram_chains_hold_one_map_whatever_the_number_of_flows() {
        CloudGateway.FlowSpec globex = new CloudGateway.FlowSpec("globex", addr("100.64.2.1", 1194), addr("10.200.2.2", 1194),
                addr("10.200.2.1", 1194));

        String batch = NftRelayRuleset.batch(List.of(ACME, globex), Set.of(), Set.of());

        assertThat(batch.lines().filter(line -> line.startsWith("add rule ip lifeboat_relay screen ")))
                .containsExactly("add rule ip lifeboat_relay screen ip daddr . udp dport vmap { 100.64.1.1 . 1194 : jump screen_acme, "
                        + "100.64.2.1 . 1194 : jump screen_globex }");
        assertThat(batch.lines().filter(line -> line.startsWith("add rule ip lifeboat_relay forward ")))
                .containsExactly("add rule ip lifeboat_relay forward meta l4proto udp ct original ip daddr . ct original proto-dst vmap { "
                        + "100.64.1.1 . 1194 : jump flow_acme, 100.64.2.1 . 1194 : jump flow_globex }");
    }

    @Test
    void counters_and_chains_of_closed_flows_are_deleted_and_foreign_names_left_alone() {
        String batch = NftRelayRuleset.batch(List.of(ACME), Set.of("in_acme", "in_globex", "out_globex", "somebody_elses"),
                Set.of("screen", "forward", "screen_acme", "flow_acme", "screen_globex", "flow_globex", "somebody_elses"));

        assertThat(batch).contains("delete counter ip lifeboat_relay in_globex").contains("delete counter ip lifeboat_relay out_globex")
                .contains("delete chain ip lifeboat_relay screen_globex").contains("delete chain ip lifeboat_relay flow_globex")
                .doesNotContain("delete counter ip lifeboat_relay in_acme").doesNotContain("delete chain ip lifeboat_relay flow_acme")
                .doesNotContain("delete chain ip lifeboat_relay screen\n").doesNotContain("somebody_elses");
        assertThat(batch.indexOf("delete chain")).as("deleted once nothing jumps to them").isGreaterThan(batch.lastIndexOf("flush chain"));
    }

    @Test
    void no_flows_leave_empty_chains_that_forward_nothing() {
        String batch = NftRelayRuleset.batch(List.of(), Set.of("in_acme"), Set.of("forward", "flow_acme"));

        assertThat(batch).contains("flush chain ip lifeboat_relay forward").contains("delete counter ip lifeboat_relay in_acme")
                .contains("delete chain ip lifeboat_relay flow_acme").doesNotContain("add rule");
    }

    @Test
    void untrusted_text_never_reaches_the_ruleset() {
        assertThatThrownBy(() -> NftRelayRuleset.check(new CloudGateway.FlowSpec("acme\"; flush ruleset; #", ACME.listen(),
                ACME.upstream(), ACME.upstreamBind()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NftRelayRuleset.check(new CloudGateway.FlowSpec("acme", InetSocketAddress.createUnresolved("evil; x", 1),
                ACME.upstream(), ACME.upstreamBind()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NftRelayRuleset.check(new CloudGateway.FlowSpec("acme", ACME.listen(), addr("::1", 1194),
                ACME.upstreamBind()))).hasMessageContaining("IPv4");
        assertThatThrownBy(() -> NftRelayRuleset.check(new CloudGateway.FlowSpec("acme", ACME.listen(), ACME.upstream(),
                new InetSocketAddress(0)))).hasMessageContaining("upstreamBind");
    }

    @Test
    void counter_and_chain_names_map_back_to_their_tenant() {
        assertThat(NftRelayRuleset.tenantOf("drop_acme-dmz")).isEqualTo("acme-dmz");
        assertThat(NftRelayRuleset.tenantOf("other")).isNull();
        assertThat(NftRelayRuleset.tenantOfChain("flow_acme-dmz")).isEqualTo("acme-dmz");
        assertThat(NftRelayRuleset.tenantOfChain("screen")).isNull();
    }

    private static InetSocketAddress addr(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }
}
