package io.lifeboat.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.appliance.ControlProtocol;
import io.lifeboat.appliance.ProbeResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The portal's client probing many addresses, against appliances that answer in {@link ControlProtocol}'s envelope: a
 * current one in one {@code probe-many}, an older one (which refuses unknown ops as {@code ApplianceMain} does) one
 * address at a time.
 */
class StreamApplianceClientTest {

    private static final List<String> IPS = List.of("192.168.60.12", "192.168.60.10", "192.168.60.11");

    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Logger log = Logger.getLogger(StreamApplianceClient.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        log.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        log.removeHandler(capture);
    }

    private static ProbeResult answer(String ip) {
        return ip.endsWith(".11") ? new ProbeResult(ip, true, "02:00:00:00:00:11", 4) : new ProbeResult(ip, false, null, 300);
    }

    /** An appliance whose agent knows {@code probe} and, if {@code current}, {@code probe-many}. */
    private StreamApplianceClient appliance(boolean current) {
        return new StreamApplianceClient(request -> {
            requests.add(request);
            return ControlProtocol.answer(request, (req, reply) -> {
                switch (req.path("op").asText()) {
                    case "probe" -> reply.set("probe", ControlProtocol.JSON.valueToTree(answer(req.path("ip").asText())));
                    case "probe-many" -> {
                        if (!current) {
                            throw new IllegalArgumentException("unknown op: probe-many");
                        }
                        var probes = reply.putArray("probes");
                        req.path("ips").forEach(ip -> probes.add(ControlProtocol.JSON.valueToTree(answer(ip.asText()))));
                    }
                    default -> throw new IllegalArgumentException("unknown op: " + req.path("op").asText());
                }
            });
        });
    }

    private List<String> ops() {
        return requests.stream().map(r -> r.path("op").asText()).toList();
    }

    @Test
    void a_current_appliance_probes_every_address_in_one_request_answered_in_the_order_asked() throws Exception {
        List<ProbeResult> results = appliance(true).probe(IPS, 300);

        assertThat(results).containsExactly(answer("192.168.60.12"), answer("192.168.60.10"), answer("192.168.60.11"));
        assertThat(ops()).containsExactly("probe-many");
        assertThat(requests.get(0).path("timeoutMs").asLong()).isEqualTo(300);
        assertThat(logged).isEmpty();
    }

    @Test
    void an_appliance_that_does_not_know_probe_many_is_probed_one_address_at_a_time_and_the_log_says_why_once() throws Exception {
        StreamApplianceClient client = appliance(false);

        List<ProbeResult> first = client.probe(IPS, 300);
        List<ProbeResult> second = client.probe(List.of("192.168.60.11"), 300);

        assertThat(first).containsExactly(answer("192.168.60.12"), answer("192.168.60.10"), answer("192.168.60.11"));
        assertThat(second).containsExactly(answer("192.168.60.11"));
        assertThat(ops()).as("asked once, then one by one").containsExactly("probe-many", "probe", "probe", "probe", "probe");
        assertThat(requests).filteredOn(r -> r.path("op").asText().equals("probe")).extracting(r -> r.path("ip").asText())
                .containsExactly("192.168.60.12", "192.168.60.10", "192.168.60.11", "192.168.60.11");
        assertThat(logged).singleElement().satisfies(r -> assertThat(r.getMessage()).contains("unknown op: probe-many"));
    }

    @Test
    void any_other_refusal_is_the_callers_and_not_a_reason_to_probe_one_by_one() {
        StreamApplianceClient client = new StreamApplianceClient(request -> {
            requests.add(request);
            return ControlProtocol.answer(request, (req, reply) -> {
                throw new IllegalArgumentException("not an IPv4 address: 192.168.60.300");
            });
        });

        assertThatThrownBy(() -> client.probe(List.of("192.168.60.300"), 300))
                .isInstanceOf(ControlProtocol.RefusedException.class).hasMessageContaining("not an IPv4 address");
        assertThat(ops()).containsExactly("probe-many");
        assertThat(logged).isEmpty();
    }
}
