package io.lifeboat.automation;

import io.lifeboat.tenancy.TenantContext;

/**
 * What a valid token grants: the owner's tenant context, already narrowed to the token's scope, a description of the
 * credential for the audit log ("API token lb_1a2b3c4d") that never holds the secret, and whether it may only read
 * (its scope is Read, whatever its owner's role: a provider's Read token changes nothing either).
 */
public record ApiTokenGrant(long tokenId, TenantContext context, String credential, boolean readOnly) {
}
