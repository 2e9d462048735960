/**
 * Network extension: the portal-side half of extending a tenant network to the provider.
 *
 * <h2>API for the portal ({@link io.lifeboat.network.NetworkExtension}, plain Java — wire it as a bean)</h2>
 * <pre>{@code
 * TenantNetworkRef ref = new TenantNetworkRef(7, "acme", "192.168.60.0/24", "192.168.60.1", 3001);
 * TunnelStatus s   = ext.ensureUp(ref);                  // NEA pair + relay flow + tunnel; returns when up, else
 *                                                       //   NetworkExtensionException (timeout, with the reason)
 * ProbeResult p    = ext.probe(ref, "192.168.60.11");    // pre-flight: p.answered() → conflict (p.mac() who)
 * ext.addFailedOverIp(ref, "192.168.60.11");            // provider NEA first, then tenant NEA + gratuitous ARP
 * TunnelStatus now = ext.status(ref);                    // up, rttMs, bytesIn/out, restarts, since (DOWN if none)
 * ext.relayCounters(ref);                               // Cloud Gateway packets/bytes for this network
 * ext.removeFailedOverIp(ref, "192.168.60.11");         // undo
 * ext.stop(ref);                                        // last VM out: NEAs, relay flow, namespaces all gone
 * }</pre>
 * All calls are idempotent and serialised per network; after a portal restart call {@code ensureUp} again (the
 * NEAs kept running and report the IPs they hold). Construction in the lab:
 * <pre>{@code
 * LabNetwork lab = LabNetwork.start("lb", Path.of("lab-state/net"), JavaLauncher.current()); // needs root, else
 *                                                       //   DataPlaneUnavailableException("The lab data plane needs root: …")
 * lab.addTenant(ref);                                   // tenant LAN, gateway, internet host, client, provider segment
 * lab.addVmHost("acme", Side.TENANT_LAN, "web-01", "192.168.60.10");         // VM powered on at the tenant site
 * lab.addVmHost("acme", Side.PROVIDER_SEGMENT, "web-01-replica", "192.168.60.10"); // replica powered on
 * lab.removeVmHost("acme", "web-01");                   // powered off
 * var store = new TunnelCredentialStore(dir, PrivateKeySealer.fromKeyFile(keyFile), new TunnelPki());
 * var ext = new NetworkExtension(lab, lab, store, NetworkExtension.Options.DEFAULT);
 * ... lab.teardown() on shutdown
 * }</pre>
 *
 * <h2>Ports</h2>
 * {@link io.lifeboat.network.ApplianceRuntime} (start/stop NEAs: lab = JVMs in namespaces; production = NEA VMs via
 * the vsphere port, control over mTLS) and {@link io.lifeboat.network.TunnelRelay} (lab = gateway process;
 * production = {@link io.lifeboat.gateway.CloudGateway} on the provider's public address).
 * Sub-packages: {@code gateway} (Cloud Gateway UDP relay, {@code lifeboat.jar cloud-gateway}), {@code pki}
 * (per-tenant EC keys, self-signed certificates, peer fingerprints, AES-GCM sealed at rest, rotation), {@code lab}
 * (the lab data plane, docs/adr/0003).
 */
package io.lifeboat.network;
