package io.flowaudit.policy.model;

import java.util.List;
import java.util.Objects;

/**
 * One element of {@code ingress}, {@code ingressDeny}, {@code egress} or {@code egressDeny}: peers AND ports
 * (R28). {@code portRules} empty with {@code hasPortRules} false means L3-only (every protocol and port, R39);
 * with {@code hasPortRules} true but no usable port the element allows nothing (R38).
 */
public record RuleElement(RuleRef ref, Peers peers, boolean hasPortRules, List<PortRule> portRules) {
    public RuleElement {
        Objects.requireNonNull(ref, "ref can't be null");
        Objects.requireNonNull(peers, "peers can't be null");
        portRules = List.copyOf(portRules);
    }

    public boolean isDeny() {
        return ref.section().isDeny();
    }

    public Direction direction() {
        return ref.section().direction();
    }
}
