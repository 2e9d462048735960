package io.lifeboat.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.util.UrlUtils;

/** Whatever the Host header says, redirects go to the configured public URL, or stay relative. */
class PublicUrlFilterTest {

    @Test
    void with_a_public_url_absolute_urls_are_built_from_it_and_not_from_the_host_header() throws Exception {
        MockHttpServletResponse response = run("https://lifeboat.provider.example", (request, out) ->
                out.sendRedirect(UrlUtils.buildFullRequestUrl(request.getScheme(), request.getServerName(), request.getServerPort(), "/login", null)));
        assertThat(response.getRedirectedUrl()).isEqualTo("https://lifeboat.provider.example/login");
    }

    @Test
    void without_one_redirects_to_the_own_host_become_relative_and_others_stay_as_they_are() throws Exception {
        assertThat(run("", (request, out) -> out.sendRedirect("http://evil.example/login?error")).getRedirectedUrl()).isEqualTo("/login?error");
        assertThat(run("", (request, out) -> out.sendRedirect("http://keycloak.example/realms/x/auth?a=b")).getRedirectedUrl())
                .isEqualTo("http://keycloak.example/realms/x/auth?a=b");
        assertThat(run("", (request, out) -> out.setHeader("Location", "http://evil.example/")).getHeader("Location")).isEqualTo("/");
    }

    @Test
    void a_public_url_that_is_not_an_absolute_http_url_is_refused_at_start() {
        assertThatThrownBy(() -> new PublicUrlFilter("lifeboat.example")).hasMessageContaining("lifeboat.public-url must be an absolute http(s) URL");
    }

    private interface Handler {
        void handle(jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response) throws Exception;
    }

    private static MockHttpServletResponse run(String publicUrl, Handler handler) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/replicas");
        request.setServerName("evil.example"); // what a forged Host header turns into
        request.setServerPort(80);
        MockHttpServletResponse response = new MockHttpServletResponse();
        new PublicUrlFilter(publicUrl).doFilter(request, response, (req, res) -> {
            try {
                handler.handle((jakarta.servlet.http.HttpServletRequest) req, (HttpServletResponse) res);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return response;
    }
}
