package io.lifeboat.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;

/** Which requests start a Keycloak login, and with which organisation scope; no Keycloak needed. */
class TenantLoginRequestResolverTest {

    private final TenantLoginRequestResolver resolver = new TenantLoginRequestResolver(new InMemoryClientRegistrationRepository(
            ClientRegistration.withRegistrationId("keycloak").clientId("lifeboat-portal").clientSecret("s")
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                    .scope("openid", "profile", "email", "organization")
                    .authorizationUri("http://kc/auth").tokenUri("http://kc/token").jwkSetUri("http://kc/certs").build()),
            "keycloak", Set.of("acme", "globex")::contains);

    @Test
    void a_tenants_login_link_asks_keycloak_for_that_organisation_only_with_pkce() {
        OAuth2AuthorizationRequest login = resolver.resolve(get("/login/acme", null));
        assertThat(login.getScopes()).contains("openid", "organization:acme").doesNotContain("organization");
        assertThat(login.getAdditionalParameters()).containsKey(PkceParameterNames.CODE_CHALLENGE);
        assertThat(resolver.resolve(get("/login", "tenant=globex")).getScopes()).contains("organization:globex");
        assertThat(resolver.resolve(get("/oauth2/authorization/keycloak", "tenant=acme")).getScopes()).contains("organization:acme");
    }

    @Test
    void an_unknown_tenant_gets_the_plain_login() {
        assertThat(resolver.resolve(get("/login/initech", null)).getScopes()).contains("organization").noneMatch(s -> s.startsWith("organization:"));
        assertThat(resolver.resolve(get("/login", "tenant=ACME%20evil")).getScopes()).noneMatch(s -> s.startsWith("organization:"));
    }

    @Test
    void the_callback_and_portal_pages_are_not_logins() {
        assertThat(resolver.resolve(get("/login/oauth2/code/keycloak", "code=x&state=y"))).isNull();
        assertThat(resolver.resolve(get("/replicas", null))).isNull();
        assertThat(resolver.resolve(get("/login/acme/replicas", null))).isNull();
    }

    @Test
    void prompt_login_is_passed_on_for_another_account() {
        assertThat(resolver.resolve(get("/oauth2/authorization/keycloak", "prompt=login")).getAdditionalParameters()).containsEntry("prompt", "login");
        assertThat(resolver.resolve(get("/login", null)).getAdditionalParameters()).doesNotContainKey("prompt");
    }

    private static MockHttpServletRequest get(String path, String query) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setServletPath(path);
        if (query != null) {
            request.setQueryString(query);
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                request.addParameter(kv[0], java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return request;
    }
}
