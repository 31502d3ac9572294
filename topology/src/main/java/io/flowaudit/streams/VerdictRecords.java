package io.flowaudit.streams;

import io.flowaudit.flow.Flow;
import io.flowaudit.flow.FlowEndpoint;
import io.flowaudit.policy.compile.Outcome;
import io.flowaudit.policy.compile.PortVerdict;
import io.flowaudit.policy.eval.Decision;
import io.flowaudit.policy.model.Direction;
import io.flowaudit.policy.model.PolicyRef;
import io.flowaudit.policy.model.RuleRef;
import io.flowaudit.schemas.avro.DecidingPolicy;
import io.flowaudit.schemas.avro.DirectionVerdict;
import io.flowaudit.schemas.avro.HubbleVerdict;
import io.flowaudit.schemas.avro.L4Protocol;
import io.flowaudit.schemas.avro.PeerSummary;
import io.flowaudit.schemas.avro.PolicyDirection;
import io.flowaudit.schemas.avro.PolicyKind;
import io.flowaudit.schemas.avro.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Builds the Avro {@code Verdict} record of a judged flow. */
public final class VerdictRecords {
    private VerdictRecords() {
    }

    public static Verdict toAvro(Flow f, Decision d) {
        return Verdict.newBuilder().setFlowUuid(f.uuid()).setFlowTimeNanos(f.timeNanos()).setNodeName(f.nodeName())
                .setVerdict(io.flowaudit.schemas.avro.Outcome.valueOf(d.verdict().name()))
                .setEgress(direction(d.egress())).setIngress(direction(d.ingress())).setReason(d.reason().name())
                .setReasonText(d.detail()).setDecidingPolicies(deciding(d.decidedBy()))
                .setPolicyRevision(d.revision()).setObservedVerdict(HubbleVerdict.valueOf(f.verdict().name()))
                .setSource(peer(f.source(), f.sourceIp(), f.sourcePort()))
                .setDestination(peer(f.destination(), f.destinationIp(), f.destinationPort()))
                .setProtocol(L4Protocol.valueOf(f.protocol().name())).build();
    }

    static DirectionVerdict direction(PortVerdict v) {
        if (v == null) {
            return DirectionVerdict.NOT_EVALUATED;
        }
        return v.outcome() == Outcome.REDIRECTED ? DirectionVerdict.ALLOWED : DirectionVerdict.valueOf(v.outcome().name());
    }

    static List<DecidingPolicy> deciding(List<RuleRef> refs) {
        List<DecidingPolicy> out = new ArrayList<>();
        for (RuleRef r : new LinkedHashSet<>(refs)) {
            out.add(DecidingPolicy.newBuilder().setKind(kind(r.policy()))
                    .setNamespace(r.policy().namespace().isEmpty() ? null : r.policy().namespace())
                    .setName(r.policy().name())
                    .setDirection(r.section().direction() == Direction.INGRESS ? PolicyDirection.INGRESS : PolicyDirection.EGRESS)
                    .setDeny(r.section().isDeny()).setRuleIndex(r.ruleIndex()).build());
        }
        return out;
    }

    static PolicyKind kind(PolicyRef p) {
        return PolicyKind.valueOf(p.kind().kindName());
    }

    static PeerSummary peer(FlowEndpoint e, String ip, int port) {
        return PeerSummary.newBuilder().setNamespace(e.namespace().isEmpty() ? null : e.namespace())
                .setPod(e.podName().isEmpty() ? null : e.podName()).setIdentity((int) e.identity()).setIp(ip)
                .setPort(port).build();
    }
}
