package io.lifeboat.drill;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One check a tenant names for a VM of a drill, run by the probe inside the bubble: a ping, or a TCP connection to a
 * port. Written and read as {@code ping} and {@code tcp:443}.
 */
public record DrillCheck(Kind kind, int port) {

    public enum Kind { PING, TCP }

    public static final DrillCheck PING = new DrillCheck(Kind.PING, 0);

    public DrillCheck {
        if (kind == Kind.TCP && (port < 1 || port > 65_535)) {
            throw new DrillRefusedException("A TCP check needs a port between 1 and 65535, not " + port + ".");
        }
        port = kind == Kind.PING ? 0 : port;
    }

    public static DrillCheck tcp(int port) {
        return new DrillCheck(Kind.TCP, port);
    }

    /**
     * Reads a list such as {@code "ping, tcp:443 tcp:80"} (commas or spaces between), duplicates dropped.
     *
     * @throws DrillRefusedException naming the first entry that is neither {@code ping} nor {@code tcp:<port>}
     */
    public static List<DrillCheck> parseList(String text) {
        List<DrillCheck> checks = new ArrayList<>();
        for (String entry : Arrays.stream(text == null ? new String[0] : text.trim().split("[,\\s]+")).filter(s -> !s.isEmpty()).toList()) {
            checks.add(parse(entry));
        }
        return List.copyOf(new LinkedHashSet<>(checks));
    }

    static DrillCheck parse(String entry) {
        String lower = entry.toLowerCase();
        if (lower.equals("ping")) {
            return PING;
        }
        if (lower.matches("tcp:\\d{1,5}")) {
            return tcp(Integer.parseInt(lower.substring(4)));
        }
        throw new DrillRefusedException("\"" + entry + "\" is not a check: write ping or tcp:<port>, for example tcp:443.");
    }

    @Override
    public String toString() {
        return kind == Kind.PING ? "ping" : "tcp:" + port;
    }
}
