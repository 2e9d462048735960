package io.lifeboat.lab.network;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * One of the lab's two Cloud Gateways and its addresses (ADR 0007). Gateway {@code g} (0 or 1) is the namespace
 * {@code <p>-cgw} or {@code <p>-cgw2}, holds its control address {@code 198.51.100.(g+1)} on {@code lo}, and has one
 * point-to-point link per NEA: tenant NEA {@code up<g>} 100.(64+g).i.2 ↔ {@code t<i>} 100.(64+g).i.1, provider NEA
 * {@code up<g>} 10.(200+g).i.2 ↔ {@code p<i>} 10.(200+g).i.1. Every gateway relays tenant i's tunnel to the provider
 * NEA's one tunnel endpoint, 10.200.i.2:1194 (the second gateway reaches it by a host route over its own link, as a
 * provider network routes its gateways to the NEA). Both relay their control port to the portal's one control server.
 */
record LabGateway(int number, String namespace) {

    static final int CONTROL_PORT = 7443;

    static List<LabGateway> of(String prefix) {
        return List.of(new LabGateway(0, prefix + "-cgw"), new LabGateway(1, prefix + "-cgw2"));
    }

    /** Every gateway's control address, as the gateways' server certificate names them. */
    static List<String> controlAddresses() {
        return of("").stream().map(LabGateway::controlAddress).toList();
    }

    String controlAddress() {
        return "198.51.100." + (number + 1);
    }

    String controlEndpoint() {
        return controlAddress() + ":" + CONTROL_PORT;
    }

    /** The NEA's interface towards this gateway. */
    String neaInterface() {
        return "up" + number;
    }

    String tenantNet(int site) {
        return "100." + (64 + number) + "." + site;
    }

    String providerNet(int site) {
        return "10." + (200 + number) + "." + site;
    }

    /** Where tenant {@code site}'s NEA sends its tunnel on this gateway. */
    InetSocketAddress relayListen(int site) {
        return new InetSocketAddress(tenantNet(site) + ".1", LabNetwork.TUNNEL_PORT);
    }

    /** The source the relay uses towards the provider NEA (fixed, so a restarted relay is the same peer). */
    String upstreamBind(int site) {
        return providerNet(site) + ".1:" + LabNetwork.TUNNEL_PORT;
    }
}
