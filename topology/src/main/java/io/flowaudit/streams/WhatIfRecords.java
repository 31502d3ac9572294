package io.flowaudit.streams;

import io.flowaudit.flow.Flow;
import io.flowaudit.policy.eval.Decision;
import io.flowaudit.policy.eval.Verdict;
import io.flowaudit.schemas.avro.ChangeKind;
import io.flowaudit.schemas.avro.Evaluation;
import io.flowaudit.schemas.avro.L4Protocol;
import io.flowaudit.schemas.avro.WhatIfDiff;
import java.util.Optional;

/** Builds the Avro {@code WhatIfDiff} of a flow whose verdict differs between baseline and candidate. */
final class WhatIfRecords {
    private WhatIfRecords() {
    }

    static Optional<WhatIfDiff> diff(Flow f, Decision baseline, Decision candidate) {
        if (baseline.verdict() == Verdict.NOT_EVALUATED || baseline.verdict() == candidate.verdict()) {
            return Optional.empty();
        }
        ChangeKind kind = candidate.verdict() == Verdict.DENIED ? ChangeKind.NEWLY_DENIED : ChangeKind.NEWLY_ALLOWED;
        return Optional.of(WhatIfDiff.newBuilder().setFlowUuid(f.uuid()).setFlowTimeNanos(f.timeNanos())
                .setChangeKind(kind).setBaseline(evaluation(baseline)).setCandidate(evaluation(candidate))
                .setSource(VerdictRecords.peer(f.source(), f.sourceIp(), f.sourcePort()))
                .setDestination(VerdictRecords.peer(f.destination(), f.destinationIp(), f.destinationPort()))
                .setProtocol(L4Protocol.valueOf(f.protocol().name())).build());
    }

    private static Evaluation evaluation(Decision d) {
        return Evaluation.newBuilder().setVerdict(io.flowaudit.schemas.avro.Outcome.valueOf(d.verdict().name()))
                .setEgress(VerdictRecords.direction(d.egress())).setIngress(VerdictRecords.direction(d.ingress()))
                .setReason(d.reason().name()).setReasonText(d.detail())
                .setDecidingPolicies(VerdictRecords.deciding(d.decidedBy())).build();
    }
}
