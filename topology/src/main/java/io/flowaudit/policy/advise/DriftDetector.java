package io.flowaudit.policy.advise;

import io.flowaudit.flow.Flow;
import io.flowaudit.flow.FlowType;
import io.flowaudit.flow.ObservedVerdict;
import io.flowaudit.flow.ReplyState;
import io.flowaudit.flow.TrafficDirection;
import io.flowaudit.policy.compile.Outcome;
import io.flowaudit.policy.compile.PortVerdict;
import io.flowaudit.policy.eval.Decision;
import io.flowaudit.policy.eval.Verdict;
import io.flowaudit.policy.model.IdentityCache;
import java.util.List;
import java.util.Optional;

/**
 * Compares what Hubble observed with what the audited policy set decides, on the records that carry a policy
 * decision (R71-R77): policy-verdict events (per direction), policy drops (133, 181) and L7 requests.
 */
public final class DriftDetector {
    private final IdentityCache ids;

    public DriftDetector(IdentityCache ids) {
        this.ids = ids;
    }

    /** One mismatch: which way, and the finding to raise (its key deduplicates). */
    public record Drift(boolean observedAllowed, Finding finding) {
    }

    public Optional<Drift> check(Flow flow, Decision decision) {
        if (decision.verdict() == Verdict.NOT_EVALUATED || flow.reply() == ReplyState.REPLY) {
            return Optional.empty();
        }
        Boolean observedAllowed = observedAllowed(flow);
        if (observedAllowed == null) {
            return Optional.empty();
        }
        boolean computedAllowed = computedAllowed(flow, decision);
        if (observedAllowed == computedAllowed) {
            return Optional.empty();
        }
        String src = workload(flow.source().identity(), flow.source().labels(), flow.sourceIp());
        String dst = workload(flow.destination().identity(), flow.destination().labels(), flow.destinationIp());
        String where = src + " -> " + dst + " " + flow.protocol() + "/" + flow.destinationPort();
        String message = observedAllowed
                ? "Hubble saw " + where + " " + flow.verdict() + " but the audited policies deny it (" + decision.detail()
                        + "): the cluster lacks a policy of the audited set, or has an extra allow"
                : "Hubble saw " + where + " " + flow.verdict() + " (" + flow.dropReason() + ") but the audited policies"
                        + " allow it (" + decision.detail() + "): the cluster has a policy the audited set lacks";
        String subject = (observedAllowed ? "observed-allowed " : "observed-denied ") + where;
        Finding f = new Finding(FindingType.DRIFT, Severity.WARNING, flow.source().namespace(), subject,
                DnsAdvisor.policies(decision.decidedBy()), "", message, "", 1, flow.timeNanos(), flow.timeNanos());
        return Optional.of(new Drift(observedAllowed, f));
    }

    /** Null when the record carries no policy decision. */
    private static Boolean observedAllowed(Flow f) {
        ObservedVerdict v = f.verdict();
        if (f.type() == FlowType.L7) {
            if (f.l7() == null || !f.l7().isRequest()) {
                return null;
            }
            return v == ObservedVerdict.FORWARDED ? Boolean.TRUE : v == ObservedVerdict.DROPPED ? Boolean.FALSE : null;
        }
        if (f.eventType() == 5) {
            return switch (v) {
                case FORWARDED, REDIRECTED -> Boolean.TRUE;
                case DROPPED, AUDIT -> Boolean.FALSE;
                default -> null;
            };
        }
        if (f.eventType() == 1 && v == ObservedVerdict.DROPPED && isPolicyDrop(f.dropReason())) {
            return Boolean.FALSE;
        }
        return null;
    }

    private static boolean isPolicyDrop(String reason) {
        return reason.equals("POLICY_DENIED") || reason.equals("POLICY_DENY") || reason.equals("133")
                || reason.equals("181");
    }

    /** Policy-verdict and drop events describe one direction: compare with that direction's sub-verdict. */
    private static boolean computedAllowed(Flow f, Decision d) {
        if (f.type() != FlowType.L7 && f.direction() != TrafficDirection.TRAFFIC_DIRECTION_UNKNOWN) {
            PortVerdict side = f.direction() == TrafficDirection.EGRESS ? d.egress() : d.ingress();
            if (side != null) {
                return side.outcome() != Outcome.DENIED;
            }
        }
        return d.verdict() == Verdict.ALLOWED;
    }

    private String workload(long identity, List<String> labels, String ip) {
        return Workloads.peerName(ids.resolve(identity, labels), ip, List.of());
    }
}
