/**
 * Failback to production: starting, cancelling, committing and undoing it, the digest-verified disk transfer to the
 * tenant's site, the runner, and the dialog and page controls ({@code ui}). Replica states change through the replica room.
 */
package io.lifeboat.failback;
