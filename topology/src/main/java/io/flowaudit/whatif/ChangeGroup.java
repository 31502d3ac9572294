package io.flowaudit.whatif;

import io.flowaudit.policy.eval.Decision;

/**
 * Changes of one kind between the same workloads on the same port: what a reviewer reads.
 *
 * @param source source workload ({@code namespace/app}) or address
 * @param destination destination workload, FQDN, CIDR or address
 * @param port destination port (ICMP type for ICMP)
 * @param protocol L4 protocol
 * @param count number of flows
 * @param firstSeenNanos flow time of the first one
 * @param lastSeenNanos flow time of the last one
 * @param baseline a sample decision under the baseline
 * @param candidate the same flow's decision under the candidate
 */
public record ChangeGroup(ChangeKind kind, String source, String destination, int port, String protocol, long count,
                          long firstSeenNanos, long lastSeenNanos, Decision baseline, Decision candidate) {
    ChangeGroup plus(FlowChange c) {
        long t = c.flow().timeNanos();
        return new ChangeGroup(kind, source, destination, port, protocol, count + 1,
                firstSeenNanos == 0 ? t : Math.min(firstSeenNanos, t == 0 ? firstSeenNanos : t), Math.max(lastSeenNanos, t),
                baseline, candidate);
    }
}
