package io.flowaudit.policy.compile;

import io.flowaudit.policy.model.Direction;
import io.flowaudit.policy.model.RuleRef;
import java.util.List;

/**
 * One rule element after compilation.
 *
 * @param index position in {@link PolicyTables}' element list (bit index of peer classes)
 * @param l3Only no toPorts/icmps: every protocol and port (R39)
 * @param ports port ranges; empty with {@code l3Only} false means the element allows nothing (R38)
 * @param defaultDenyFlag the R21 flag of the element's rule for its direction
 */
record CompiledElement(int index, RuleRef ref, boolean deny, Direction direction, PeerMatcher peers, boolean l3Only,
                       List<CompiledPort> ports, boolean defaultDenyFlag) {

    boolean covers(int bucket, int port) {
        if (l3Only) {
            return true;
        }
        for (CompiledPort p : ports) {
            if (p.covers(bucket, port)) {
                return true;
            }
        }
        return false;
    }
}
