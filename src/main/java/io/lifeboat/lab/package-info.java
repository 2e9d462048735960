/**
 * The embedded lab (profile {@code lab}, the default of {@code ./lifeboat run}): two vSphere simulators, tenant site
 * and provider site, seeded through the vSphere API from {@link io.lifeboat.lab.LabPlan}, and the portal's tenants,
 * networks, sites and demo accounts created to match. Never active in production.
 */
package io.lifeboat.lab;
