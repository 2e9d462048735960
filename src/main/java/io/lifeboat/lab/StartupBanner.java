package io.lifeboat.lab;

import io.lifeboat.automation.ApiTokenService;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Prints where the portal answers and, in the lab, the demo logins: once, when the portal is ready. The tenant
 * operators' lines carry a demo API token each, so the REST API can be tried at once (lab only: tokens are only ever
 * issued by the lab here).
 */
@Component
class StartupBanner {

    private static final Set<String> WITH_API_TOKEN = Set.of("acme-admin", "globex-admin");

    private final Environment environment;
    private final ObjectProvider<LabBootstrap> lab;
    private final ApiTokenService apiTokens;

    StartupBanner(Environment environment, ObjectProvider<LabBootstrap> lab, ApiTokenService apiTokens) {
        this.environment = environment;
        this.lab = lab;
        this.apiTokens = apiTokens;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        System.out.println(text());
    }

    String text() {
        StringBuilder banner = new StringBuilder("\n============================================================\n");
        banner.append(" Lifeboat is ready: http://localhost:").append(environment.getProperty("local.server.port", "8080")).append("/\n");
        lab.ifAvailable(bootstrap -> {
            banner.append(" Demo logins (lab only):\n");
            bootstrap.accounts().forEach(account -> banner.append(String.format("   %-16s password %-10s %s%s%n", account.username(),
                    account.password(), account.role() + (account.tenant() == null ? "" : " of " + account.tenant()),
                    WITH_API_TOKEN.contains(account.username()) ? "  API token " + apiTokens.issueLabToken(account.username()) : "")));
        });
        banner.append("============================================================");
        return banner.toString();
    }
}
