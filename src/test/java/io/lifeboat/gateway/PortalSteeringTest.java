package io.lifeboat.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifeboat.appliance.ControlProtocol;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ops a portal steers a gateway host with (ADR 0013), on the user-space relay over loopback. */
class PortalSteeringTest {

    private final CloudGateway relay = new CloudGateway();
    private final AtomicInteger saves = new AtomicInteger();
    private final PortalSteering steering = new PortalSteering(relay, InetAddress.getLoopbackAddress(), null, saves::incrementAndGet);

    @AfterEach
    void closeRelay() {
        relay.close();
    }

    @Test
    void the_host_relays_exactly_the_flows_of_the_last_set_on_its_own_address_and_saves_each_set() throws Exception {
        assertThat(call("{\"op\":\"describe\"}").path("relayAddress").asText()).isEqualTo("127.0.0.1");

        call("{\"op\":\"relay\",\"flows\":[{\"tenant\":\"acme-n7\",\"port\":47107,\"upstream\":\"127.0.0.1:1194\"},"
                + "{\"tenant\":\"globex-n8\",\"port\":47108,\"upstream\":\"127.0.0.1:1195\"}]}");
        assertThat(relay.flows()).extracting(CloudGateway.FlowSpec::tenant).containsExactlyInAnyOrder("acme-n7", "globex-n8");
        assertThat(relay.flows()).filteredOn(f -> f.tenant().equals("acme-n7")).singleElement()
                .satisfies(f -> assertThat(f.listen()).isEqualTo(new InetSocketAddress("127.0.0.1", 47107)));

        call("{\"op\":\"relay\",\"flows\":[{\"tenant\":\"globex-n8\",\"port\":47108,\"upstream\":\"127.0.0.1:1195\"}]}");
        assertThat(relay.flows()).extracting(CloudGateway.FlowSpec::tenant).containsExactly("globex-n8");
        assertThat(call("{\"op\":\"counters\"}").path("counters")).singleElement()
                .satisfies(c -> assertThat(c.path("tenant").asText()).isEqualTo("globex-n8"));
        assertThat(saves).hasValue(2);
    }

    @Test
    void a_flow_without_a_valid_port_is_refused_and_nothing_changes() throws Exception {
        call("{\"op\":\"relay\",\"flows\":[{\"tenant\":\"acme-n7\",\"port\":47107,\"upstream\":\"127.0.0.1:1194\"}]}");
        assertThatThrownBy(() -> call("{\"op\":\"relay\",\"flows\":[{\"tenant\":\"globex-n8\",\"port\":0,\"upstream\":\"127.0.0.1:1195\"}]}"))
                .isInstanceOf(ControlProtocol.RefusedException.class).hasMessageContaining("globex-n8 has no valid port");
        assertThat(relay.flows()).extracting(CloudGateway.FlowSpec::tenant).containsExactly("acme-n7");
    }

    @Test
    void a_host_the_portal_refuses_relays_nothing_and_saves_that_once() throws Exception {
        call("{\"op\":\"relay\",\"flows\":[{\"tenant\":\"acme-n7\",\"port\":47107,\"upstream\":\"127.0.0.1:1194\"}]}");

        steering.refused("certificate of gateway:gw-1 is revoked");
        steering.refused("certificate of gateway:gw-1 is revoked");   // the next retry, refused again

        assertThat(relay.flows()).isEmpty();
        assertThat(saves).as("the set, then the empty set once").hasValue(2);
    }

    private JsonNode call(String request) throws Exception {
        JsonNode req = ControlProtocol.JSON.readTree(request);
        ObjectNode reply = ControlProtocol.answer(req, steering::handle);
        return ControlProtocol.checked(reply);
    }
}
