package io.lifeboat.tasks;

import java.time.Instant;

/** One log line of a task; {@code subject} is what it is about (a VM name), may be null. */
public record TaskLogEntry(Instant at, String level, String subject, String message) {
}
