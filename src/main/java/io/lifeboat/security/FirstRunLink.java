package io.lifeboat.security;

import io.lifeboat.tenancy.FirstRunService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * With local accounts and no provider administrator yet, prints the one-time link that creates the first one, once the
 * portal is ready (after the lab and {@code lifeboat.setup} have run). Unattended installs give the token in
 * {@code LIFEBOAT_SETUP_TOKEN} instead of reading it from the log. With OIDC the identity provider has the
 * administrators, so there is no link.
 */
@Component
@Profile("!oidc")
class FirstRunLink {

    private static final Logger log = LoggerFactory.getLogger(FirstRunLink.class);

    private final FirstRunService firstRun;
    private final Environment environment;
    private final String presetToken;

    FirstRunLink(FirstRunService firstRun, Environment environment, @Value("${LIFEBOAT_SETUP_TOKEN:}") String presetToken) {
        this.firstRun = firstRun;
        this.environment = environment;
        this.presetToken = presetToken;
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        firstRun.openSetup(presetToken).ifPresent(token -> {
            String link = "http://localhost:" + environment.getProperty("local.server.port", "8080") + "/setup/"
                    + (presetToken.isBlank() ? token : "<the token in LIFEBOAT_SETUP_TOKEN>");
            log.warn("No provider administrator exists yet. Create the first one, once, at: {}", link);
            System.out.println("\n============================================================\n"
                    + " First run: create the provider administrator at\n   " + link
                    + "\n (the link works once; behind a proxy use your portal's own address)\n"
                    + "============================================================");
        });
    }
}
