/**
 * The Cloud Gateway ({@code lifeboat.jar cloud-gateway}): its own process at the provider's edge, which the lab runs in
 * its gateway namespace. It relays the tenants' tunnels (in the kernel, {@link io.lifeboat.gateway.KernelRelay}, or in user space,
 * {@link io.lifeboat.gateway.CloudGateway}: ADR 0009) and serves the
 * appliances' control channel ({@link io.lifeboat.gateway.ApplianceControlServer}: enrolment with one-time tokens,
 * the streams appliances open over mutual TLS 1.3, ADR 0005). A room of its own because it ships apart from the portal.
 */
package io.lifeboat.gateway;
