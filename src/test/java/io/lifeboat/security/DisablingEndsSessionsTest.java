package io.lifeboat.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.AsUser;
import io.lifeboat.LabTest;
import io.lifeboat.administration.TenantAdministrationService;
import io.lifeboat.audit.AuditEntryInfo;
import io.lifeboat.audit.AuditLog;
import io.lifeboat.tenancy.HardwarePlan;
import io.lifeboat.tenancy.NewUser;
import io.lifeboat.tenancy.Role;
import io.lifeboat.tenancy.TenancyService;
import io.lifeboat.tenancy.UserAdministrationService;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Disabling an account or a tenant ends the sessions its users already have, not only their next login; and each
 * change is in the audit log with who made it and what it concerned.
 */
@LabTest
class DisablingEndsSessionsTest {

    @LocalServerPort int port;
    @Autowired AsUser as;
    @Autowired TenancyService tenancy;
    @Autowired TenantAdministrationService tenants;
    @Autowired UserAdministrationService users;
    @Autowired AuditLog audit;

    @Test
    void a_disabled_user_and_then_the_users_of_a_disabled_tenant_are_logged_out_of_their_open_sessions() throws Exception {
        long piper = as.call("provider", () -> tenancy.createTenant("piedpiper", "Pied Piper", new HardwarePlan(2, 2048))).id();
        String operator = loggedIn(newAccount("piedpiper-ops", Role.TENANT_OPERATOR));
        String viewer = loggedIn(newAccount("piedpiper-night", Role.TENANT_VIEWER));
        assertThat(portal(operator).status()).isEqualTo(200);
        assertThat(portal(viewer).status()).isEqualTo(200);

        as.run("provider", () -> users.setEnabled("piedpiper-night", false));
        assertThat(sentToLogin(portal(viewer))).as("the viewer's open session has ended").isTrue();
        assertThat(portal(operator).status()).as("the operator's session is not the viewer's").isEqualTo(200);

        as.run("provider", () -> tenants.setEnabled(piper, false));
        assertThat(sentToLogin(portal(operator))).as("every session of the disabled tenant has ended").isTrue();
        assertThat(sentToLogin(client().get("/", Map.of("Cookie", operator)))).as("the session stays ended").isTrue();

        assertThat(as.call("provider", () -> audit.list(0, 50))).filteredOn(row -> row.action().equals("Administration"))
                .extracting(AuditEntryInfo::username, AuditEntryInfo::target, AuditEntryInfo::tenantId)
                .contains(org.assertj.core.groups.Tuple.tuple("provider", "Tenant piedpiper created", piper),
                        org.assertj.core.groups.Tuple.tuple("provider", "Account piedpiper-ops created", piper),
                        org.assertj.core.groups.Tuple.tuple("provider", "Account piedpiper-night disabled", piper),
                        org.assertj.core.groups.Tuple.tuple("provider", "Tenant piedpiper disabled", piper));
        assertThat(as.call("provider", audit::verify).intact()).as("the administration rows are part of the hash chain").isTrue();
    }

    private String newAccount(String username, Role role) {
        String token = as.call("provider", () -> users.createUser(new NewUser(username, role, "piedpiper")));
        users.setPasswordWithLink(token, "rainy harbour lanterns " + username.length());
        return username;
    }

    /** Logs in through the form and returns the session cookie ({@code JSESSIONID=…}). */
    private String loggedIn(String username) throws Exception {
        RawHttp.Response login = client().login(username, "rainy harbour lanterns " + username.length());
        assertThat(login.status()).as(RawHttp.describe(login)).isEqualTo(302);
        assertThat(login.header("Location").orElseThrow()).doesNotContain("/login");
        return login.sessionCookie().orElseThrow();
    }

    private RawHttp.Response portal(String sessionCookie) throws Exception {
        return client().get("/", Map.of("Cookie", sessionCookie));
    }

    private static boolean sentToLogin(RawHttp.Response response) {
        return response.status() == 302 && response.header("Location").orElse("").contains("/login");
    }

    private RawHttp client() {
        return new RawHttp(port, "127.0.0.61");
    }
}
