package io.flowaudit.policy.compile;

import io.flowaudit.policy.model.RuleRef;
import java.util.List;

/**
 * One direction's answer for a (subject, peer, protocol, port): precomputed per port range, so a warm
 * decision allocates nothing.
 *
 * @param decidedBy the elements that allowed or denied it; for default deny, the elements that put the
 *     subject in default deny
 * @param gate set when {@code outcome} is {@link Outcome#REDIRECTED}
 * @param detail one human sentence
 */
public record PortVerdict(Outcome outcome, ReasonCode reason, List<RuleRef> decidedBy, L7Gate gate, String detail) {
    public PortVerdict {
        decidedBy = List.copyOf(decidedBy);
    }

    public boolean isAllowed() {
        return outcome != Outcome.DENIED;
    }

    public static PortVerdict notEnforced(String detail) {
        return new PortVerdict(Outcome.NOT_ENFORCED, ReasonCode.NOT_ENFORCED, List.of(), null, detail);
    }

    public static PortVerdict notManaged(String detail) {
        return new PortVerdict(Outcome.NOT_APPLICABLE, ReasonCode.NOT_MANAGED, List.of(), null, detail);
    }
}
