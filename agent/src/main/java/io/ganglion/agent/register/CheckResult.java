package io.ganglion.agent.register;

/** One check's verdict and what it saw, e.g. {@code http 200} or {@code tcp Connection refused}. */
public record CheckResult(boolean passed, String detail) {
}
