package io.flowaudit.policy.eval;

import io.flowaudit.policy.compile.DnsPatterns;
import io.flowaudit.policy.model.DnsRule;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Cilium's DNS rule semantics (R53, R58): case-folded, trailing-dot names; matchPattern wildcards. */
final class DnsMatcher {
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private DnsMatcher() {
    }

    static boolean matches(DnsRule rule, String query) {
        if (!rule.matchName().isEmpty()) {
            return DnsPatterns.matchesName(rule.matchName(), query);
        }
        Pattern p = PATTERNS.computeIfAbsent(rule.matchPattern(), DnsPatterns::compile);
        return p.matcher(DnsPatterns.normalize(query)).matches();
    }
}
