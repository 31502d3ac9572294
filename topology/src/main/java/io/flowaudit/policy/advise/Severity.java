package io.flowaudit.policy.advise;

/** How bad a finding is; ERROR findings make {@code flowaudit lint} exit non-zero. */
public enum Severity {
    INFO, WARNING, ERROR, CRITICAL
}
