/**
 * The few types every module may use, the shell included, and which depend on nothing: the one user-facing exception
 * type features throw and the shell shows, and the change event features publish and the shell relays to browsers.
 * Kept this small on purpose: anything with behaviour belongs to a feature.
 */
package io.lifeboat.shared;
