package io.flowaudit.streams;

import io.flowaudit.policy.advise.Finding;
import io.flowaudit.policy.model.PolicyRef;
import io.flowaudit.schemas.avro.Alert;
import io.flowaudit.schemas.avro.AlertSubject;
import io.flowaudit.schemas.avro.AlertType;
import io.flowaudit.schemas.avro.HubbleVerdict;
import io.flowaudit.schemas.avro.Outcome;
import io.flowaudit.schemas.avro.Severity;
import java.util.ArrayList;
import java.util.List;

/** Builds Avro {@code Alert} records from findings. */
public final class AlertRecords {
    private AlertRecords() {
    }

    public static Alert toAvro(Finding f, String dedupKey, long nowMillis) {
        return toAvro(f, dedupKey, nowMillis, null, null, null);
    }

    static Alert toAvro(Finding f, String dedupKey, long nowMillis, HubbleVerdict observed, Outcome computed,
                        String sampleFlow) {
        AlertType type;
        try {
            type = AlertType.valueOf(f.type().name());
        } catch (IllegalArgumentException e) {
            type = AlertType.OTHER;
        }
        List<io.flowaudit.schemas.avro.PolicyRef> policies = new ArrayList<>();
        for (PolicyRef p : f.policies()) {
            policies.add(io.flowaudit.schemas.avro.PolicyRef.newBuilder().setKind(VerdictRecords.kind(p))
                    .setNamespace(p.namespace().isEmpty() ? null : p.namespace()).setName(p.name()).build());
        }
        long first = f.firstSeenNanos() == 0 ? nowMillis : f.firstSeenNanos() / 1_000_000;
        long last = f.lastSeenNanos() == 0 ? nowMillis : f.lastSeenNanos() / 1_000_000;
        return Alert.newBuilder().setAlertType(type).setSeverity(Severity.valueOf(f.severity().name()))
                .setSubject(AlertSubject.newBuilder().setNamespace(f.namespace().isEmpty() ? null : f.namespace())
                        .setSelector(f.subject()).setPod(null).setWorkload(null).build())
                .setPolicies(policies).setMessage(f.message()).setSuggestedFix(f.fix().isEmpty() ? null : f.fix())
                .setCount(Math.max(1, f.count())).setFirstSeen(java.time.Instant.ofEpochMilli(first))
                .setLastSeen(java.time.Instant.ofEpochMilli(last)).setDedupKey(dedupKey)
                .setObservedVerdict(observed).setComputedVerdict(computed).setSampleFlowUuid(sampleFlow).build();
    }
}
