/**
 * The hypervisor port: what Lifeboat asks of a site's vCenter (find, snapshot, revert, clone, power, NICs, guestinfo,
 * datastore files) as plain Java types. The `vsphere` room implements it with yavijava; everything else depends on
 * this port only.
 */
package io.lifeboat.hypervisor;
