package io.lifeboat.appliance;

import java.util.ArrayList;
import java.util.List;

/**
 * One Cloud Gateway's control address as an appliance is configured with it ({@code host:port}). An appliance knows
 * several (ADR 0007): it dials them in the order given and moves to the next when one is unreachable or its stream
 * breaks.
 */
public record GatewayEndpoint(String host, int port) {

    public GatewayEndpoint {
        if (host == null || host.isBlank() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("a gateway is host:port, got " + host + ":" + port);
        }
    }

    /** {@code host:port}; the host may be an IPv4 address or a name. */
    public static GatewayEndpoint parse(String hostPort) {
        String s = hostPort.trim();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("a gateway is host:port, got '" + hostPort + "'");
        }
        try {
            return new GatewayEndpoint(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a gateway is host:port, got '" + hostPort + "'", e);
        }
    }

    /**
     * Every gateway named in {@code values}, each a single {@code host:port} or a comma- or space-separated list of
     * them (as {@code --gateway} may be repeated and {@code --gateways} or guestinfo carry a list), duplicates dropped,
     * order kept.
     */
    public static List<GatewayEndpoint> parseAll(List<String> values) {
        List<GatewayEndpoint> all = new ArrayList<>();
        for (String value : values) {
            for (String one : value.split("[,\\s]+")) {
                if (!one.isBlank()) {
                    GatewayEndpoint g = parse(one);
                    if (!all.contains(g)) {
                        all.add(g);
                    }
                }
            }
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no gateway given (--gateway host:port, repeatable)");
        }
        return List.copyOf(all);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
