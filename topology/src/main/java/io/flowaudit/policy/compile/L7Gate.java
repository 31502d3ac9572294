package io.flowaudit.policy.compile;

import io.flowaudit.policy.model.L7Rules;
import io.flowaudit.policy.model.RuleRef;
import java.util.List;

/**
 * What the proxy of a redirected (subject, peer, port) lets through (R51, R55, R57).
 *
 * @param rules L7 rule lists of the covering allow elements, with the element each came from
 * @param httpUnrestricted some covering allow (L3-only or L4-only, or the R57 wildcard) has no HTTP rules
 * @param dnsUnrestricted some covering allow on this port (not L3-only, R55) has no DNS rules, or R57 applies
 */
public record L7Gate(List<Source> rules, boolean httpUnrestricted, boolean dnsUnrestricted) {
    public L7Gate {
        rules = List.copyOf(rules);
    }

    /** One L7 rule list and the element it belongs to. */
    public record Source(L7Rules rules, RuleRef ref) {
    }
}
