package io.lifeboat.security;

import java.net.URI;
import java.util.Locale;

/** Web origins ({@code scheme://host[:port]}, default ports left out) for comparing where a request came from. */
final class Origins {

    private Origins() {
    }

    /** The origin of an absolute URL; null when the text is no absolute http(s) URL. */
    static String of(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(url.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
