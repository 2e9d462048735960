package io.lifeboat.tenancy;

/**
 * The current request's {@link TenantContext}. Implemented by the security module from the authenticated
 * principal; services call it instead of trusting ids from the browser.
 */
public interface CurrentTenant {

    /** The caller's context; throws {@link AccessDeniedException} when nobody is logged in. */
    TenantContext get();

    /** The caller's context if they are a tenant operator; throws otherwise. */
    default TenantContext requireOperator() {
        TenantContext context = get();
        if (!context.canOperate()) {
            throw new AccessDeniedException("Your role (" + context.role() + ") may look but not change anything. Ask a tenant operator.");
        }
        return context;
    }

    /** The caller's context if they are the provider's administrator; throws otherwise. */
    default TenantContext requireProvider() {
        TenantContext context = get();
        if (!context.isProvider()) {
            throw new AccessDeniedException("This page is for the provider's administrators.");
        }
        return context;
    }
}
