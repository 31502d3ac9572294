package io.flowaudit.policy.model;

import java.util.List;
import java.util.Objects;

/**
 * One rule ({@code spec} or an item of {@code specs}) of a policy (R3).
 *
 * @param ref the policy and the rule's index (0 for {@code spec}, then {@code specs} in order)
 * @param subject the endpoint (or node) selector as written
 * @param nodeSubject true when the rule uses {@code nodeSelector} (host policies, R6)
 * @param elements every element of the four lists, in order
 * @param defaultDenyIngress {@code enableDefaultDeny.ingress}, may be null (unset = true, R21)
 * @param defaultDenyEgress {@code enableDefaultDeny.egress}, may be null
 */
public record PolicyRule(PolicyRef ref, int index, Selector subject, boolean nodeSubject,
                         List<RuleElement> elements, Boolean defaultDenyIngress, Boolean defaultDenyEgress) {
    public PolicyRule {
        Objects.requireNonNull(ref, "ref can't be null");
        Objects.requireNonNull(subject, "subject can't be null");
        elements = List.copyOf(elements);
    }

    /** The entry default-deny flag of R21 for this rule and direction. */
    public boolean defaultDenyFlag(Direction d) {
        Boolean v = d == Direction.INGRESS ? defaultDenyIngress : defaultDenyEgress;
        return v == null || v;
    }
}
