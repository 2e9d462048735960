/** Per-tenant tunnel keys and certificates; exposed to the lab, which builds its own network extension. */
@NamedInterface("pki")
package io.lifeboat.network.pki;


import org.springframework.modulith.NamedInterface;
