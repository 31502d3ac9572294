package io.flowaudit.policy.eval;

import io.flowaudit.flow.L7Record;
import io.flowaudit.policy.compile.L7Gate;
import io.flowaudit.policy.model.DnsRule;
import io.flowaudit.policy.model.HttpRule;
import io.flowaudit.policy.model.RuleRef;
import java.util.List;
import java.util.Optional;

/** Whether a redirected side's proxy lets one L7 request through (R49-R57). */
final class L7Judge {
    private L7Judge() {
    }

    /** The allowing element, or empty when the proxy refuses the request. A null ref means "unrestricted". */
    record Result(boolean allowed, RuleRef by) {
    }

    static Result judge(L7Gate gate, L7Record l7) {
        if (l7.dns() != null) {
            if (gate.dnsUnrestricted()) {
                return new Result(true, null);
            }
            String q = l7.dns().query();
            for (L7Gate.Source s : gate.rules()) {
                for (DnsRule r : s.rules().dns()) {
                    if (DnsMatcher.matches(r, q)) {
                        return new Result(true, s.ref());
                    }
                }
            }
            return new Result(false, firstRef(gate.rules()));
        }
        if (l7.http() != null) {
            if (gate.httpUnrestricted()) {
                return new Result(true, null);
            }
            for (L7Gate.Source s : gate.rules()) {
                for (HttpRule r : s.rules().http()) {
                    if (HttpMatcher.matches(r, l7.http())) {
                        return new Result(true, s.ref());
                    }
                }
            }
            return new Result(false, firstRef(gate.rules()));
        }
        // A protocol flowaudit does not judge (Kafka, generic L7): it passed the proxy as far as we can tell.
        return new Result(true, null);
    }

    private static RuleRef firstRef(List<L7Gate.Source> sources) {
        return Optional.ofNullable(sources.isEmpty() ? null : sources.get(0)).map(L7Gate.Source::ref).orElse(null);
    }
}
