package io.lifeboat.tasks;

import java.time.Instant;

/** One measured figure: which task, whose (null: the provider's), about what (a VM's name), when, how much. */
public record FigureInfo(long taskId, Long tenantId, String subject, Instant at, double value) {
}
