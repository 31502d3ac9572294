package io.flowaudit.whatif;

import io.flowaudit.policy.advise.Finding;
import java.util.List;
import java.util.Map;

/**
 * The result of a what-if run.
 *
 * @param flows flows judged
 * @param counts changes by kind
 * @param groups changes grouped by (kind, source, destination, port, protocol), largest first
 * @param newFindings missing-DNS findings the candidate causes that the baseline does not have
 */
public record WhatIfSummary(long flows, Map<ChangeKind, Long> counts, List<ChangeGroup> groups,
                            List<Finding> newFindings) {
    public WhatIfSummary {
        counts = Map.copyOf(counts);
        groups = List.copyOf(groups);
        newFindings = List.copyOf(newFindings);
    }

    public long count(ChangeKind k) {
        return counts.getOrDefault(k, 0L);
    }
}
