/**
 * The hypervisor port: what Lifeboat asks of a site's vCenter (find, snapshot, revert, clone, power, NICs, guestinfo,
 * datastore files) as plain Java types. The `vsphere` room implements it with yavijava; everything else depends on
 * this port only. A site is trusted by its certificate's thumbprint ({@link io.lifeboat.hypervisor.ServerCertificate}):
 * fetched for the provider to check, then pinned on every connection an adapter opens to it.
 */
package io.lifeboat.hypervisor;
