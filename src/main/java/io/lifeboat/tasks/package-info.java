/**
 * Tasks: the task log (Cloud Failover, Undo Failover, VPN Tunnel, …) with progress and per-line log, the audit
 * trail of who started what. Every change is announced with {@link io.lifeboat.tasks.TaskChanged} after commit,
 * which the UI pushes to open browsers.
 */
package io.lifeboat.tasks;
