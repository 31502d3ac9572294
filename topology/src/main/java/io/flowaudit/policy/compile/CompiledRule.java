package io.flowaudit.policy.compile;

import io.flowaudit.policy.model.PolicyRule;
import io.flowaudit.policy.model.Selector;

/** A rule with its effective subject selector (R15) and the indices of its compiled elements. */
record CompiledRule(int index, PolicyRule rule, Selector subject, int[] elements) {
}
