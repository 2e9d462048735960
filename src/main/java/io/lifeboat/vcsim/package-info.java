/**
 * A vSphere simulator as a process: govmomi's vcsim behind Lifeboat's XML-fixing proxy ({@code tools/vcsim}), built
 * on first use, on a loopback port, over HTTP and HTTPS (its own self-signed certificate). Tests stage a vCenter's
 * failures through it (killed, restarted empty, unreachable for a while, a new certificate). The lab runs two of them
 * as its sites ({@code lab.LabSites}); the adapter's tests and benchmarks run their own. Never used in production;
 * depends on nothing but the {@code hypervisor} port's {@code SiteEndpoint}.
 */
package io.lifeboat.vcsim;
