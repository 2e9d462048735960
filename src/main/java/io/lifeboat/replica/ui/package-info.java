/** The replica pages, and what other rooms plug into them: {@link io.lifeboat.replica.ui.ReplicaActionUi} controls, the failover wizard's launcher, the state badge, the VM and restore point steps both wizards share. */
@NamedInterface("ui")
package io.lifeboat.replica.ui;


import org.springframework.modulith.NamedInterface;
