package io.flowaudit.policy.eval;

/** flowaudit's end-to-end verdict for one flow. */
public enum Verdict {
    ALLOWED, DENIED,
    /** The record is not a connection attempt (socket-LB translation, pre-DNAT frontend): not judged. */
    NOT_EVALUATED
}
