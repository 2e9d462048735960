/**
 * The Network Extension Appliance (NEA) agent: {@code java -jar lifeboat.jar appliance --iface <dev> --gateway
 * <host:port> --gateway-ca <pem> --appliance-id <id> [--enrolment-token <t>] [--state-dir <dir>]}. No Spring; ready (prints {@code READY <mac>}) in ≈ 0.3–0.5 s with the ARP and
 * control paths JIT-warmed. The only package that may import pcap4j.
 *
 * <ul>
 *   <li>Pure packet logic over {@code byte[]}: {@link io.lifeboat.appliance.ArpFrame} (parse/build),
 *       {@link io.lifeboat.appliance.ArpResponder} (proxy-ARP decision, counters),
 *       {@link io.lifeboat.appliance.ArpProbe} (RFC 5227 conflict), {@code ConflictWatch} (split-brain watchdog:
 *       others claiming a failed-over IP), {@code ArpAnnouncer} (gratuitous ARP rounds), {@link io.lifeboat.appliance.ProxiedSet}
 *       (tenant side: failed-over IPs; provider side: subnet minus failed-over IPs, network, broadcast, own IP).</li>
 *   <li>Live side: {@code PcapArpPort} (pcap4j, immediate mode, BPF {@code arp}, inbound),
 *       {@code TunnelSupervisor} (OpenVPN with {@link io.lifeboat.appliance.Backoff}, routes re-added on every
 *       {@code Initialization Sequence Completed}), {@code NetConfig} (routes and sysctls of ARCHITECTURE §5,
 *       idempotent, removed on stop).</li>
 *   <li>Control channel (docs/adr/0005, superseding 0002): {@link io.lifeboat.appliance.DesiredState} in, whole and
 *       idempotent; {@link io.lifeboat.appliance.ApplianceStatus} / {@link io.lifeboat.appliance.ProbeResult} out; the
 *       JSON requests of {@link io.lifeboat.appliance.ControlProtocol}, carried by the gRPC stream the appliance
 *       opens to the Cloud Gateway over mutual TLS 1.3 ({@link io.lifeboat.appliance.ControlRpc},
 *       {@link io.lifeboat.appliance.GatewayLink}, enrolment with a one-time token), its only control channel.
 *       The portal side is the port {@link io.lifeboat.appliance.ApplianceClient}, which the gateway's control
 *       server hands out per appliance.</li>
 * </ul>
 */
package io.lifeboat.appliance;
