package io.flowaudit.policy.model;

/** One {@code rules.dns[]} entry (R53, R58): exactly one of matchName or matchPattern. */
public record DnsRule(String matchName, String matchPattern) {
    public DnsRule {
        matchName = matchName == null ? "" : matchName;
        matchPattern = matchPattern == null ? "" : matchPattern;
    }

    @Override
    public String toString() {
        return matchName.isEmpty() ? "matchPattern:" + matchPattern : "matchName:" + matchName;
    }
}
