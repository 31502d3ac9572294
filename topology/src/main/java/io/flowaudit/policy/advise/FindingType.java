package io.flowaudit.policy.advise;

/** Kinds of findings (the names match the Avro {@code AlertType} symbols where one exists). */
public enum FindingType {
    /** Egress is default deny and kube-dns on UDP/53 is not allowed (R69). */
    MISSING_DNS_RULE,
    /** UDP/53 is allowed but TCP/53 (truncated-answer retry) is not (R69, edge 31). */
    MISSING_DNS_TCP,
    /** toFQDNs is used but no DNS rule lets the proxy see answers, so nothing is ever learned (R33, R69). */
    MISSING_DNS_PROXY,
    /** A DNS rule exists but refuses names the workload resolves (R69, R70). */
    DNS_NAME_GAP,
    /**
     * Hubble's observed verdict differs from the audited policy set's: a policy in the cluster that is not in the
     * set, or one in the set that is not in the cluster.
     */
    DRIFT,
    /** A policy object was rejected; the previous good version stays in force. */
    POLICY_REJECTED,
    /** A subject selector matches no endpoint seen in the flows. */
    SELECTOR_MATCHES_NOTHING,
    /** An allow element can never take effect: a deny of the same subject covers it (R61). */
    SHADOWED_BY_DENY,
    /** A port rule that is surely a mistake: empty ports (allows nothing, R38) or endPort with port 0 (R41). */
    SUSPICIOUS_PORT
}
