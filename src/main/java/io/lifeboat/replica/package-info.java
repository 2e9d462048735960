/**
 * Replicas and their state: the state machine ({@link io.lifeboat.replica.ReplicaStateMachine}: transitions, and which
 * actions a state allows), the one place applying transitions ({@link io.lifeboat.replica.ReplicaTransitions}), how an
 * operation begins and is retried ({@link io.lifeboat.replica.ReplicaOperations}), the durable job that runs an
 * operation through the runner of the room that owns it, the read model for the pages, and the replica pages ({@code ui}).
 */
package io.lifeboat.replica;
