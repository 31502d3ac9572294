package io.flowaudit.policy.model;

import java.util.List;
import java.util.Optional;

/**
 * One {@code toPorts[]} entry: ports ORed, with optional L7 rules (R38). A port rule with no ports adds
 * nothing. ICMP fields of an element are also expressed as a port rule without L7.
 *
 * @param rules L7 rules, may be null
 */
public record PortRule(List<PortSpec> ports, L7Rules rules) {
    public PortRule {
        ports = List.copyOf(ports);
    }

    public Optional<L7Rules> l7() {
        return rules == null || rules.isEmpty() ? Optional.empty() : Optional.of(rules);
    }
}
