package io.flowaudit.whatif;

import io.flowaudit.flow.Flow;
import io.flowaudit.policy.eval.Decision;

/** One flow whose verdict (or deciding rule) differs between the two policy sets. */
public record FlowChange(long index, Flow flow, ChangeKind kind, Decision baseline, Decision candidate) {
}
