package io.lifeboat.appliance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Test harness: the real {@link Appliance} and its op handler ({@link ApplianceMain#handle}) in a namespace, one
 * {@link ControlProtocol} request per stdin line and one reply per stdout line, without the gateway and its TLS
 * (those are {@code ApplianceControlChannelTest}'s subject), and {@value #STAND_DOWN} for what a refused copy does.
 * {@code StdioAppliance <iface> <state dir>}.
 */
public final class StdioAppliance {

    /** Not a portal command: the agent stands down by itself when the portal refuses it as a copy (GatewayLink). */
    static final String STAND_DOWN = "stand-down";

    private StdioAppliance() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);   // stdout carries only the protocol
        PcapArpPort port = new PcapArpPort(args[0]);
        Appliance appliance = ApplianceMain.resume(port, Path.of(args[1]));   // with its shutdown hook, as the agent
        CountDownLatch done = new CountDownLatch(1);
        out.println(ApplianceMain.READY_LINE + " " + port.mac());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while (done.getCount() > 0 && (line = in.readLine()) != null) {
            JsonNode request = ControlProtocol.JSON.readTree(line);
            ObjectNode reply = ControlProtocol.answer(request, (r, o) -> {
                if (STAND_DOWN.equals(r.path("op").asText())) {
                    appliance.standDown();   // what the agent does when the portal refuses it as a copy
                } else {
                    ApplianceMain.handle(appliance, r, o, done);
                }
            });
            out.println(ControlProtocol.JSON.writeValueAsString(reply));
        }
        appliance.close();
        System.exit(0);
    }
}
