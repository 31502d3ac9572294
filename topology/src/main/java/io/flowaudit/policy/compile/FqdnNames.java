package io.flowaudit.policy.compile;

import io.flowaudit.policy.model.IpAddress;
import java.util.List;

/**
 * The DNS names the node's DNS proxy learned for an address and that are still valid at a time (R33).
 * The engine never looks at the wall clock: time is the flow's.
 */
@FunctionalInterface
public interface FqdnNames {
    FqdnNames NONE = (node, ip, timeNanos) -> List.of();

    /** Normalised names (lower case, trailing dot) for {@code ip} on {@code node} at {@code timeNanos}. */
    List<String> namesFor(String node, IpAddress ip, long timeNanos);
}
