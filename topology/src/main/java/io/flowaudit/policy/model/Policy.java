package io.flowaudit.policy.model;

import java.util.List;
import java.util.Objects;

/**
 * One accepted policy object with its rules, and where it came from.
 *
 * @param source file name (or topic coordinates) the object was read from
 * @param document 0-based index of the YAML document in that file
 * @param line 1-based line of the object's first key, 0 when unknown
 */
public record Policy(PolicyRef ref, List<PolicyRule> rules, String source, int document, int line) {
    public Policy {
        Objects.requireNonNull(ref, "ref can't be null");
        Objects.requireNonNull(source, "source can't be null");
        rules = List.copyOf(rules);
    }
}
