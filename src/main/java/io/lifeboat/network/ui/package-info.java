/** Components that show network extensions (the tunnel grid on the tenant's and the provider's pages). */
@NamedInterface("ui")
package io.lifeboat.network.ui;


import org.springframework.modulith.NamedInterface;
