/**
 * The Cloud Gateway relay ({@code lifeboat.jar cloud-gateway}): its own process at the provider's edge, which the lab
 * runs in its gateway namespace. A room of its own because it ships apart from the portal.
 */
package io.lifeboat.gateway;
