package io.flowaudit.policy.model;

import java.util.Objects;

/**
 * Names one element of one rule: the policy, the index of the rule in {@code spec} + {@code specs},
 * the section ({@code ingress}, {@code egressDeny}, ...) and the element's index in that section.
 * A synthetic rule (allow-localhost, allow-any) has {@link #policy()} kind-less name and index -1.
 */
public record RuleRef(PolicyRef policy, int ruleIndex, Section section, int elementIndex) {
    public RuleRef {
        Objects.requireNonNull(policy, "policy can't be null");
        Objects.requireNonNull(section, "section can't be null");
    }

    /** Field path of the element, e.g. {@code specs[1].egress[0]}. */
    public String path() {
        return "rule " + ruleIndex + " " + section.fieldName() + "[" + elementIndex + "]";
    }

    @Override
    public String toString() {
        return policy.key() + " " + path();
    }
}
