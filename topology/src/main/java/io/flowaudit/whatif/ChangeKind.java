package io.flowaudit.whatif;

/** How a flow's verdict changes from baseline to candidate. */
public enum ChangeKind {
    /** Allowed today, denied by the candidate: what the change would break. */
    NEWLY_DENIED,
    /** Denied today, allowed by the candidate: what the change would open. */
    NEWLY_ALLOWED,
    /** Same verdict, decided by different policies or for a different reason. */
    REASON_CHANGED
}
