package io.flowaudit.policy.advise;

import io.flowaudit.policy.model.PolicyRef;
import java.util.List;
import java.util.Objects;

/**
 * One piece of advice.
 *
 * @param namespace the subject's namespace, empty for a cluster-wide subject
 * @param subject the subject selector as written, e.g. {@code {any:app=app1}}
 * @param policies the policies involved (for a missing DNS rule: those that put the subject in egress default deny)
 * @param location {@code file:line} of the first policy involved, empty when unknown
 * @param fix ready-to-apply YAML, empty when there is no mechanical fix
 * @param count how many flows showed it (flow-based findings), 0 for static ones
 * @param firstSeenNanos flow time of the first occurrence, 0 for static findings
 * @param lastSeenNanos flow time of the last occurrence, 0 for static findings
 */
public record Finding(FindingType type, Severity severity, String namespace, String subject, List<PolicyRef> policies,
                      String location, String message, String fix, long count, long firstSeenNanos,
                      long lastSeenNanos) {
    public Finding {
        Objects.requireNonNull(type, "type can't be null");
        Objects.requireNonNull(severity, "severity can't be null");
        policies = List.copyOf(policies);
        fix = fix == null ? "" : fix;
        location = location == null ? "" : location;
    }

    /** The deduplication key: one finding per type and subject. */
    public String key() {
        return type + "|" + namespace + "|" + subject;
    }

    Finding seenAgain(long timeNanos) {
        return new Finding(type, severity, namespace, subject, policies, location, message, fix, count + 1,
                firstSeenNanos == 0 ? timeNanos : Math.min(firstSeenNanos, timeNanos),
                Math.max(lastSeenNanos, timeNanos));
    }
}
