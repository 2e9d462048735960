/**
 * The embedded lab (profile {@code lab}, the default of {@code ./lifeboat run}; never active in production):
 * two vSphere simulators, tenant site and provider site (each a process of the {@code vcsim} room), seeded
 * through the vSphere API from {@link io.lifeboat.lab.LabPlan}, the portal's tenants, networks, sites and demo accounts
 * created to match, and the lab data plane ({@code lab.network}: network namespaces, NEA processes, the gateway
 * process; docs/adr/0003). The NEAs dial the gateway's control port and are steered over that stream, as real
 * appliances are (docs/adr/0006). A production runtime of a port (NEA VMs, a real vCenter) goes to its feature, not here.
 */
package io.lifeboat.lab;
