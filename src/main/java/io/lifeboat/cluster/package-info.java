/**
 * The portal as several nodes on one PostgreSQL: relays each committed {@link io.lifeboat.shared.TenantDataChanged}
 * to the other nodes through PostgreSQL's LISTEN/NOTIFY, where it is published again as a {@code TenantDataChanged},
 * so the shell pushes it to that node's browsers without knowing where it came from. On H2 (one node) nothing here
 * is active and events stay in-process. Depends on {@code shared} only.
 */
package io.lifeboat.cluster;
