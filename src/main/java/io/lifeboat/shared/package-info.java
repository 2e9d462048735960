/**
 * The few types every module may use, the shell included, and which depend on nothing: the one user-facing exception
 * type features throw and the shell shows, the change event features publish and the shell relays to browsers, and the
 * constraints of an API list's page parameters, which every feature's list endpoint shares, and the base of the log
 * filters that turn a library's misleading ERROR into a line of ours.
 * Kept this small on purpose: anything with behaviour belongs to a feature.
 */
package io.lifeboat.shared;
