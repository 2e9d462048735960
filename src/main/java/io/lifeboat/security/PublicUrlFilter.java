package io.lifeboat.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.net.URI;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the {@code Host} header out of every URL the portal builds (redirects, the OIDC {@code {baseUrl}}, the login
 * origin check). With {@code lifeboat.public-url} set, each request reports that URL's scheme, host and port, so all
 * absolute URLs use it. Without it (the lab), redirects the portal builds to itself become relative
 * ({@code Location: /login}): the browser stays on the host it asked, and a forged Host header goes nowhere.
 * Runs before Spring Security.
 */
final class PublicUrlFilter extends OncePerRequestFilter {

    private final URI publicUrl;

    /** {@code publicUrl}: an absolute http(s) URL, or blank for relative redirects. */
    PublicUrlFilter(String publicUrl) {
        this.publicUrl = publicUrl == null || publicUrl.isBlank() ? null : parse(publicUrl.trim());
    }

    /** Error pages redirect too (to the login page, for example). */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        if (publicUrl != null) {
            chain.doFilter(new PublicRequest(request, publicUrl), response);
        } else {
            chain.doFilter(request, new RelativeRedirects(response, Origins.of(request.getRequestURL().toString())));
        }
    }

    private static URI parse(String url) {
        String origin = Origins.of(url);
        if (origin == null) {
            throw new IllegalArgumentException("lifeboat.public-url must be an absolute http(s) URL such as https://lifeboat.example.com, not " + url);
        }
        return URI.create(origin);
    }

    /** The request as seen through the public URL. */
    private static final class PublicRequest extends HttpServletRequestWrapper {

        private final URI url;

        PublicRequest(HttpServletRequest request, URI url) {
            super(request);
            this.url = url;
        }

        @Override
        public String getScheme() {
            return url.getScheme();
        }

        @Override
        public String getServerName() {
            return url.getHost();
        }

        @Override
        public int getServerPort() {
            return url.getPort() != -1 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
        }

        @Override
        public boolean isSecure() {
            return "https".equals(url.getScheme());
        }

        @Override
        public StringBuffer getRequestURL() {
            return new StringBuffer(url.toString()).append(getRequestURI());
        }
    }

    /** Turns absolute redirects to the request's own origin (built from its Host header) into relative ones. */
    private static final class RelativeRedirects extends HttpServletResponseWrapper {

        private final String ownOrigin;

        RelativeRedirects(HttpServletResponse response, String ownOrigin) {
            super(response);
            this.ownOrigin = ownOrigin;
        }

        @Override
        public void sendRedirect(String location) throws IOException {
            super.sendRedirect(relative(location));
        }

        @Override
        public void setHeader(String name, String value) {
            super.setHeader(name, "Location".equalsIgnoreCase(name) ? relative(value) : value);
        }

        @Override
        public void addHeader(String name, String value) {
            super.addHeader(name, "Location".equalsIgnoreCase(name) ? relative(value) : value);
        }

        private String relative(String location) {
            if (location == null || ownOrigin == null || !ownOrigin.equals(Origins.of(location))) {
                return location;
            }
            URI uri = URI.create(location);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
        }
    }
}
