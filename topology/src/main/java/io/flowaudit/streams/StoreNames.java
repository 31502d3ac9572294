package io.flowaudit.streams;

/** Every state store of the topology; changelog topic names derive from these, so they never change. */
public final class StoreNames {
    /** Global store: raw accepted policy documents by {@code Kind/namespace/name}. */
    public static final String POLICY_DOCUMENTS = "policy-documents";
    /** Global store: raw accepted candidate (staged) policy documents, for the live what-if. */
    public static final String CANDIDATE_POLICY_DOCUMENTS = "candidate-policy-documents";
    /** Per task: DNS names learned under the candidate policy set (which answers the proxy sees depends on it). */
    public static final String CANDIDATE_DNS_NAMES = "candidate-dns-names";
    /** Per task: DNS names learned per node and address, with expiry on flow time (R33). */
    public static final String DNS_NAMES = "dns-names";
    /** Per task: identity labels by numeric identity, so lean flow records can omit them. */
    public static final String IDENTITIES = "identities";
    /**
     * Per task: each identity's rule selection under a policy revision ({@code revision|labels} to element
     * indices), so a restarted or rebalanced instance does not re-match every identity against every rule.
     */
    public static final String COMPILED_SUBJECTS = "compiled-subjects";
    /** Per task: when each alert key was last emitted, for deduplication per window. */
    public static final String ALERT_DEDUP = "alert-dedup";

    private StoreNames() {
    }
}
