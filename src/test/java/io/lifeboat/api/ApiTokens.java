package io.lifeboat.api;

import io.lifeboat.AsUser;
import io.lifeboat.automation.ApiTokenScope;
import io.lifeboat.automation.ApiTokenService;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Creates API tokens for the lab's accounts through the real service, as the API tokens page does. */
@Component
public class ApiTokens {

    private final AsUser as;
    private final ApiTokenService tokens;

    public ApiTokens(AsUser as, ApiTokenService tokens) {
        this.as = as;
        this.tokens = tokens;
    }

    public String operate(String username) {
        return create(username, ApiTokenScope.OPERATE);
    }

    /** Revokes the user's token through the service, as the page's Revoke button does. */
    public void revoke(String username, String token) {
        as.run(username, () -> tokens.mine().stream().filter(t -> token.startsWith(t.prefix())).forEach(t -> tokens.revoke(t.id())));
    }

    public String create(String username, ApiTokenScope scope) {
        return as.call(username, () -> tokens.create("test token", scope, Duration.ofDays(1))).token();
    }
}
