/**
 * vSphere: the only module that talks to vCenter (through yavijava). Its API is the {@link io.lifeboat.hypervisor.Hypervisor}
 * port and its value records; yavijava's types never leave this package.
 */
package io.lifeboat.vsphere;

import io.lifeboat.hypervisor.Hypervisor;
