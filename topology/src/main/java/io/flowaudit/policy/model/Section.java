package io.flowaudit.policy.model;

/** The four lists of a rule (semantics R3). */
public enum Section {
    INGRESS("ingress", Direction.INGRESS, false),
    INGRESS_DENY("ingressDeny", Direction.INGRESS, true),
    EGRESS("egress", Direction.EGRESS, false),
    EGRESS_DENY("egressDeny", Direction.EGRESS, true);

    private final String fieldName;
    private final Direction direction;
    private final boolean deny;

    Section(String fieldName, Direction direction, boolean deny) {
        this.fieldName = fieldName;
        this.direction = direction;
        this.deny = deny;
    }

    public String fieldName() {
        return fieldName;
    }

    public Direction direction() {
        return direction;
    }

    public boolean isDeny() {
        return deny;
    }
}
