package io.lifeboat.automation;

import io.lifeboat.tenancy.TenantContext;

/**
 * What a valid token grants: the owner's tenant context, already narrowed to the token's scope, and a description of
 * the credential for the audit log ("API token lb_1a2b3c4d") that never holds the secret.
 */
public record ApiTokenGrant(long tokenId, TenantContext context, String credential) {
}
