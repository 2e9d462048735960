package io.lifeboat.tenancy;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why someone who proved who they are (at the identity provider) still may not use the portal. The code travels in
 * the URL of the no-access page; the explanation is what that page says, so it must help without leaking anything.
 */
public enum NoAccessReason {
    NO_TENANT("no-tenant", "Your account is not a member of any tenant organisation of this provider."),
    UNKNOWN_TENANT("unknown-tenant", "Your organisation is not (or no longer) a tenant of this provider."),
    SEVERAL_TENANTS("several-tenants", "Your account belongs to several tenant organisations. Use your organisation's own login link."),
    NO_ROLE("no-role", "Your account has no Lifeboat role (operator, viewer or provider administrator)."),
    LOGIN_FAILED("login-failed", "The login did not complete. Please try again.");

    private final String code;
    private final String explanation;

    NoAccessReason(String code, String explanation) {
        this.code = code;
        this.explanation = explanation;
    }

    public String code() {
        return code;
    }

    public String explanation() {
        return explanation;
    }

    /** The reason with this code; empty for anything else (the page then shows a generic text). */
    public static Optional<NoAccessReason> ofCode(String code) {
        return Arrays.stream(values()).filter(reason -> reason.code.equals(code)).findFirst();
    }
}
