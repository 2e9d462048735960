/**
 * Network extension: the portal-side half of extending a tenant network to the provider.
 *
 * <h2>API for the portal ({@link io.lifeboat.network.NetworkExtension}, a bean of this room)</h2>
 * <pre>{@code
 * TenantNetworkRef ref = new TenantNetworkRef(7, "acme", "192.168.60.0/24", "192.168.60.1", 3001);
 * TunnelStatus s   = ext.ensureUp(ref);                  // NEA pair + relay flow + tunnel; returns when up, else
 *                                                       //   NetworkExtensionException (timeout, with the reason)
 * ProbeResult p    = ext.probe(ref, "192.168.60.11");    // pre-flight: p.answered() → conflict (p.mac() who)
 * ext.probe(ref, List.of("192.168.60.11", "192.168.60.12"), false);   // several addresses, one ARP window
 * ext.addFailedOverIp(ref, "192.168.60.11");            // provider NEA first, then tenant NEA + gratuitous ARP
 * TunnelStatus now = ext.status(ref);                    // up, rttMs, bytesIn/out, restarts, since (DOWN if none)
 * ext.relayCounters(ref);                               // Cloud Gateway packets/bytes for this network
 * ext.removeFailedOverIp(ref, "192.168.60.11");         // undo
 * ext.stop(ref);                                        // last VM out: NEAs, relay flow, namespaces all gone
 * }</pre>
 * All calls are idempotent and serialised per network, except that a probe while {@code ensureUp} is under way goes
 * through that start's tenant NEA as soon as it connects; after a portal restart call {@code ensureUp} again (the
 * NEAs kept running and report the IPs they hold). Each network's tunnel has keys of its own
 * ({@link io.lifeboat.network.TenantNetworkRef#tunnelName()}).
 *
 * <h2>Assembly</h2>
 * {@code NetworkConfiguration} builds the extension the same way in the lab and in production: over the installation's
 * {@link io.lifeboat.network.ApplianceRuntime} and {@link io.lifeboat.network.TunnelRelay} beans, a tunnel credential
 * store and {@code lifeboat.network.*} (tunnel timeout, ARP mode, where the keys are kept). Without a runtime, or while
 * the runtime says it cannot run ({@code ApplianceRuntime.unavailableReason()}), {@code DataPlane} hands out no
 * extension and says why. Tests build one by hand over their own runtime ({@code NetworkExtensionTest}, the lab's
 * namespace test).
 *
 * <h2>Ports</h2>
 * {@link io.lifeboat.network.ApplianceRuntime} (start/stop NEAs: lab = JVMs in namespaces, {@code lab.LabDataPlane};
 * production = NEA VMs via the hypervisor port, control over mTLS) and {@link io.lifeboat.network.TunnelRelay}
 * (lab = the gateway process; production = {@link io.lifeboat.gateway.CloudGateway} on the provider's public address).
 * The relay itself is the {@code gateway} room, the tunnel keys the {@code pki} room.
 */
package io.lifeboat.network;
