/** Components that show sites (the failing sites' lines on the Sites page and the provider dashboard). */
@NamedInterface("ui")
package io.lifeboat.inventory.ui;


import org.springframework.modulith.NamedInterface;
