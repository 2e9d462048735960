/** The drills page, the drill wizard, and what other rooms plug into the page: {@link io.lifeboat.drill.ui.DrillsPageSection} (the schedules), {@link io.lifeboat.drill.ui.DrillReportParts} (downloads, the seal). */
@NamedInterface("ui")
package io.lifeboat.drill.ui;

import org.springframework.modulith.NamedInterface;
