/**
 * Failover: the replica state machine ({@link io.lifeboat.failover.ReplicaStateMachine}, the only place replica
 * states change), validation and pre-flight checks, and the orchestration of failover and undo as durable Quartz jobs.
 */
package io.lifeboat.failover;
