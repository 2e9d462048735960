/** The Cloud Gateway relay ({@code lifeboat.jar cloud-gateway}); exposed to the lab, which runs it in its gateway namespace. */
@NamedInterface("gateway")
package io.lifeboat.network.gateway;


import org.springframework.modulith.NamedInterface;
