/**
 * Failover: the wizard ({@code ui}), pre-flight checks, starting a partial failover and undoing it, and the runner that
 * carries both out on the provider's vCenter and the network extension. Replica states change through the replica room.
 */
package io.lifeboat.failover;
