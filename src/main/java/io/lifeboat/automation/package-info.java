/**
 * Automation: what lets tools drive Lifeboat without a browser. Personal API tokens (created, seen once and revoked on
 * the "API tokens" page; only their SHA-256 is stored), a rate limit per token, idempotency keys for operations, and
 * the REST API's shared parts in {@code web}: problem details for every error and the OpenAPI description. The
 * endpoints themselves live in each feature's {@code web} package and call the same services as the pages.
 */
package io.lifeboat.automation;
