package io.flowaudit.policy.eval;

import io.flowaudit.flow.Flow;
import io.flowaudit.flow.FlowType;
import io.flowaudit.flow.L7Record;
import io.flowaudit.flow.ObservedVerdict;
import io.flowaudit.flow.Protocol;
import io.flowaudit.flow.ReplyState;
import io.flowaudit.flow.TrafficDirection;
import io.flowaudit.policy.EngineOptions;
import io.flowaudit.policy.compile.Outcome;
import io.flowaudit.policy.compile.PolicyTables;
import io.flowaudit.policy.compile.PortVerdict;
import io.flowaudit.policy.compile.ReasonCode;
import io.flowaudit.policy.model.Direction;
import io.flowaudit.policy.model.Identity;
import io.flowaudit.policy.model.IdentityCache;
import io.flowaudit.policy.model.IpAddress;
import io.flowaudit.policy.model.RuleRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides flows end to end (R65): a connection passes iff the source's egress and the destination's
 * ingress allow it; replies are never checked (R27); L7 requests are judged by the proxy of each side that
 * redirected (R51). DNS answers that a DNS rule let the proxy see teach toFQDNs addresses (R33).
 * Not thread-safe because of the learned-names state; use one per thread or stream task.
 */
public final class FlowEvaluator {
    private static final String REPLY_DETAIL =
            "reply traffic of an established connection is never checked by policy (R27)";
    private final PolicyTables tables;
    private final IdentityCache identities;
    private final DnsLearning names;

    public FlowEvaluator(PolicyTables tables, IdentityCache identities, DnsLearning names) {
        this.tables = Objects.requireNonNull(tables, "tables can't be null");
        this.identities = Objects.requireNonNull(identities, "identities can't be null");
        this.names = Objects.requireNonNull(names, "names can't be null");
    }

    public PolicyTables tables() {
        return tables;
    }

    public DnsLearning learnedNames() {
        return names;
    }

    public Decision decide(Flow flow) {
        Identity src = identities.resolve(flow.source().identity(), flow.source().labels());
        Identity dst = identities.resolve(flow.destination().identity(), flow.destination().labels());
        String skip = notAConnection(flow, dst);
        if (skip != null) {
            return new Decision(Verdict.NOT_EVALUATED, null, null, ReasonCode.NOT_EVALUATED, skip, List.of(),
                    tables.revision());
        }
        IpAddress srcIp = IpAddress.parse(flow.sourceIp()).orElse(null);
        IpAddress dstIp = IpAddress.parse(flow.destinationIp()).orElse(null);
        if (isReply(flow)) {
            learnFromAnswer(flow, src, dst, srcIp);
            return new Decision(Verdict.ALLOWED, null, null, ReasonCode.REPLY, REPLY_DETAIL, List.of(),
                    tables.revision());
        }
        int port = flow.destinationPort();
        PortVerdict egress = tables.verdict(Direction.EGRESS, src, flow.nodeLabels(), dst, dstIp, flow.nodeName(),
                flow.timeNanos(), names, flow.protocol(), port);
        PortVerdict ingress = tables.verdict(Direction.INGRESS, dst, flow.nodeLabels(), src, srcIp, flow.nodeName(),
                flow.timeNanos(), names, flow.protocol(), port);
        return combine(flow, egress, ingress);
    }

    private Decision combine(Flow flow, PortVerdict egress, PortVerdict ingress) {
        long rev = tables.revision();
        if (egress.outcome() == Outcome.DENIED) {
            return new Decision(Verdict.DENIED, egress, ingress, egress.reason(), egress.detail(), egress.decidedBy(), rev);
        }
        if (ingress.outcome() == Outcome.DENIED) {
            return new Decision(Verdict.DENIED, egress, ingress, ingress.reason(), ingress.detail(), ingress.decidedBy(), rev);
        }
        L7Record l7 = flow.type() == FlowType.L7 ? flow.l7() : null;
        List<RuleRef> by = ingress.decidedBy().isEmpty() ? egress.decidedBy() : egress.decidedBy().isEmpty()
                ? ingress.decidedBy() : concat(egress.decidedBy(), ingress.decidedBy());
        if (l7 != null) {
            for (PortVerdict side : List.of(egress, ingress)) {
                if (side.outcome() != Outcome.REDIRECTED) {
                    continue;
                }
                L7Judge.Result r = L7Judge.judge(side.gate(), l7);
                if (!r.allowed()) {
                    String what = l7.dns() != null ? "DNS query " + l7.dns().query() + " is refused" : "HTTP request "
                            + l7.http().method() + " " + l7.http().url() + " gets 403";
                    return new Decision(Verdict.DENIED, egress, ingress, ReasonCode.L7_DENIED, what
                            + ": no L7 rule of " + (r.by() == null ? "the redirecting policy" : r.by()) + " matches it",
                            r.by() == null ? List.of() : List.of(r.by()), rev);
                }
            }
            if (egress.outcome() == Outcome.REDIRECTED || ingress.outcome() == Outcome.REDIRECTED) {
                return new Decision(Verdict.ALLOWED, egress, ingress, ReasonCode.ALLOWED_L7_MATCHED,
                        "the request matches the L7 rules of the redirecting policy", by, rev);
            }
        }
        PortVerdict main = primary(egress, ingress);
        return new Decision(Verdict.ALLOWED, egress, ingress, main.reason(), main.detail(), by, rev);
    }

    private static List<RuleRef> concat(List<RuleRef> a, List<RuleRef> b) {
        List<RuleRef> out = new ArrayList<>(a.size() + b.size());
        out.addAll(a);
        out.addAll(b);
        return out;
    }

    /** The side whose reason is the most telling for an allowed flow: redirect, then rule, then the rest. */
    private static PortVerdict primary(PortVerdict egress, PortVerdict ingress) {
        if (egress.outcome() == Outcome.REDIRECTED) {
            return egress;
        }
        if (ingress.outcome() == Outcome.REDIRECTED) {
            return ingress;
        }
        if (egress.outcome() == Outcome.ALLOWED) {
            return egress;
        }
        if (ingress.outcome() == Outcome.ALLOWED) {
            return ingress;
        }
        return egress.outcome() == Outcome.NOT_ENFORCED ? egress : ingress;
    }

    private static boolean isReply(Flow flow) {
        if (flow.reply() == ReplyState.REPLY) {
            return true;
        }
        if ("REPLY".equals(flow.traceReason()) || "RELATED".equals(flow.traceReason())) {
            return true;
        }
        return flow.type() == FlowType.L7 && flow.l7() != null && flow.l7().isResponse();
    }

    /** Records that are not connection attempts; null when the flow is one. */
    private String notAConnection(Flow flow, Identity dst) {
        if (flow.type() == FlowType.SOCK || flow.eventType() == 7 || flow.verdict() == ObservedVerdict.TRACED
                || flow.verdict() == ObservedVerdict.TRANSLATED) {
            return "socket load-balancer translation event (" + flow.verdict() + "), not a connection decision";
        }
        if (flow.sourceIp().isEmpty() && flow.destinationIp().isEmpty() && flow.source().labels().isEmpty()
                && flow.destination().labels().isEmpty() && flow.source().identity() == 0
                && flow.destination().identity() == 0) {
            return "the record carries no source or destination (field-masked export?)";
        }
        if (!flow.destinationService().isEmpty() && !dst.isPod()) {
            return "destination " + flow.destinationIp() + " is the service frontend " + flow.destinationService()
                    + " before translation; policy sees the backend";
        }
        if (dst.isHost() && flow.direction() == TrafficDirection.TRAFFIC_DIRECTION_UNKNOWN
                && (flow.protocol() == Protocol.TCP || flow.protocol() == Protocol.UDP)) {
            EngineOptions o = tables.options();
            if (!o.hostFirewall() && flow.destinationPort() >= o.nodePortRange()[0]
                    && flow.destinationPort() <= o.nodePortRange()[1]) {
                return "NodePort " + flow.destinationPort() + " on the node before service translation; policy sees"
                        + " the backend";
            }
        }
        return null;
    }

    /**
     * R33: a DNS answer teaches names only when the client's egress to the server on that port is redirected
     * to the DNS proxy by a DNS rule that allows the query.
     */
    private void learnFromAnswer(Flow flow, Identity server, Identity client, IpAddress serverIp) {
        L7Record l7 = flow.l7();
        if (flow.type() != FlowType.L7 || l7 == null || l7.dns() == null || !l7.isResponse()
                || l7.dns().rcode() != 0 || l7.dns().ips().isEmpty()) {
            return;
        }
        PortVerdict egress = tables.verdict(Direction.EGRESS, client, flow.nodeLabels(), server, serverIp,
                flow.nodeName(), flow.timeNanos(), names, flow.protocol(), flow.sourcePort());
        if (egress.outcome() != Outcome.REDIRECTED || egress.gate().rules().stream().noneMatch(s -> s.rules().isDns())) {
            return;
        }
        if (!L7Judge.judge(egress.gate(), new L7Record("REQUEST", l7.dns(), null)).allowed()) {
            return;
        }
        names.learn(flow.nodeName(), l7.dns().query(), l7.dns().ips(), l7.dns().ttl(), flow.timeNanos());
    }
}
