/**
 * Test failovers (DR drills): replicas started from chosen restore points in their network's isolated port group at
 * the provider, with no network extension and no change at the tenant's site; ending a drill (by hand or at its time
 * limit) powers them off and reverts them. Each drill keeps its evidence: who, when, the restore point and its age per
 * VM, power-on times, the checks and the clean-up, shown on the drills page and sealed with a hash when it ends.
 * Replica states change through the replica room. Scheduling drills ({@code drillschedule}) and the take-away report
 * ({@code drillreport}) are rooms of their own that depend on this one and plug into its page ({@code ui}).
 */
package io.lifeboat.drill;
