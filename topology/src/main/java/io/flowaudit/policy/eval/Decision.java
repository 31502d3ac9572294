package io.flowaudit.policy.eval;

import io.flowaudit.policy.compile.PortVerdict;
import io.flowaudit.policy.compile.ReasonCode;
import io.flowaudit.policy.model.RuleRef;
import java.util.List;

/**
 * The verdict of one flow: end to end, and per direction (egress at the source, ingress at the destination).
 *
 * @param egress may be null when the flow was not evaluated
 * @param ingress may be null when the flow was not evaluated
 * @param decidedBy the rule elements that decided the verdict
 * @param revision the policy revision the verdict was computed with
 */
public record Decision(Verdict verdict, PortVerdict egress, PortVerdict ingress, ReasonCode reason, String detail,
                       List<RuleRef> decidedBy, long revision) {
    public Decision {
        decidedBy = List.copyOf(decidedBy);
    }

    public boolean isDenied() {
        return verdict == Verdict.DENIED;
    }
}
