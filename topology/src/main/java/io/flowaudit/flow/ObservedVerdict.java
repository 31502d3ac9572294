package io.flowaudit.flow;

/** Hubble's {@code flow.Verdict}: what the datapath or proxy recorded, not what flowaudit computes. */
public enum ObservedVerdict {
    VERDICT_UNKNOWN, FORWARDED, DROPPED, ERROR, AUDIT, REDIRECTED, TRACED, TRANSLATED
}
