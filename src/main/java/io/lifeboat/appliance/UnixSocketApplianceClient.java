package io.lifeboat.appliance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@link ApplianceClient} over the appliance's Unix domain socket ({@link ControlProtocol}): the lab's path (ADR 0005).
 * Each call opens a fresh connection, so neither side has to notice the other restarting.
 */
public final class UnixSocketApplianceClient extends JsonApplianceClient {

    private final Path socket;

    public UnixSocketApplianceClient(Path socket) {
        this.socket = socket;
    }

    @Override
    protected JsonNode call(ObjectNode request) throws IOException {
        return ControlProtocol.call(socket, request);
    }
}
