package io.flowaudit.policy.compile;

/** What one direction's policy does with a connection. */
public enum Outcome {
    /** Allowed at L3/L4 by a rule (or a synthetic rule). */
    ALLOWED,
    /** Allowed at L3/L4 but sent to the L7 proxy: requests are judged by L7 rules (R51). */
    REDIRECTED,
    /** Dropped. */
    DENIED,
    /** No policy selects the endpoint for this direction: nothing is enforced (R22). */
    NOT_ENFORCED,
    /** The endpoint is not a Cilium endpoint (world, remote node, ...): no check on this side (R65). */
    NOT_APPLICABLE
}
