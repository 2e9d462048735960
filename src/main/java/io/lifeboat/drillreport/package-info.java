/**
 * A drill's evidence report to take away and to trust: the PDF (OpenPDF) and the JSON of every figure, and the
 * verification of the report's seal (the SHA-256 the drill took of its canonical form when it ended, recomputed from
 * the stored evidence). Its page parts (downloads, seal) sit in the drill's report on the drills page
 * ({@code ui}, a {@link io.lifeboat.drill.ui.DrillReportParts}). Depends on {@code drill}, never the other way round.
 */
package io.lifeboat.drillreport;
