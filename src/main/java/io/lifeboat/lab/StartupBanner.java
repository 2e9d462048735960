package io.lifeboat.lab;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Prints where the portal answers and, in the lab, the demo logins: once, when the portal is ready. */
@Component
class StartupBanner {

    private final Environment environment;
    private final ObjectProvider<LabBootstrap> lab;

    StartupBanner(Environment environment, ObjectProvider<LabBootstrap> lab) {
        this.environment = environment;
        this.lab = lab;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        StringBuilder banner = new StringBuilder("\n============================================================\n");
        banner.append(" Lifeboat is ready: http://localhost:").append(environment.getProperty("local.server.port", "8080")).append("/\n");
        lab.ifAvailable(bootstrap -> {
            banner.append(" Demo logins (lab only):\n");
            bootstrap.accounts().forEach(account -> banner.append(String.format("   %-16s password %-10s %s%n", account.username(),
                    account.password(), account.role() + (account.tenant() == null ? "" : " of " + account.tenant()))));
        });
        banner.append("============================================================");
        System.out.println(banner);
    }
}
