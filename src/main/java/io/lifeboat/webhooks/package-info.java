/**
 * Webhooks: tenants and the provider register endpoints for replica and tunnel events (failover started, VM reachable,
 * failed, undone, failback ready, committed, VPN tunnel up/down, drill started and ended with its report's hash). A delivery is stored in the same transaction as the
 * change it announces and sent afterwards by a background dispatcher, signed with HMAC-SHA256 over the timestamp and
 * body, and retried with growing delays; an endpoint that is down or slow never holds up an operation. Webhooks go to
 * public addresses only, checked at registration and at every send, unless the provider allows private ones.
 */
package io.lifeboat.webhooks;
