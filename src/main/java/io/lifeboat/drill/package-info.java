/**
 * Test failovers (DR drills): replicas started from chosen restore points in their network's isolated port group at
 * the provider, with no network extension and no change at the tenant's site; ending a drill (by hand or at its time
 * limit) powers them off and reverts them. Each drill keeps its evidence: who, when, the restore point and its age per
 * VM, power-on times and the clean-up, shown as a page and a PDF. Replica states change through the replica room.
 */
package io.lifeboat.drill;
