package io.flowaudit.policy.model;

/** One {@code toFQDNs} entry: exactly one of a literal name or a pattern (R33, R58). */
public record FqdnSelector(String matchName, String matchPattern) {
    public FqdnSelector {
        matchName = matchName == null ? "" : matchName;
        matchPattern = matchPattern == null ? "" : matchPattern;
    }

    @Override
    public String toString() {
        return matchName.isEmpty() ? "matchPattern:" + matchPattern : "matchName:" + matchName;
    }
}
