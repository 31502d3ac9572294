package io.flowaudit.policy.compile;

import io.flowaudit.policy.model.L7Rules;

/**
 * One port (or ICMP type) range of an element, for protocol buckets given as a bit set over
 * {@link ProtocolBucket}, with the L7 rules of its port rule (may be null).
 */
record CompiledPort(int bucketMask, int low, int high, L7Rules l7) {
    boolean covers(int bucket, int port) {
        return (bucketMask & (1 << bucket)) != 0 && port >= low && port <= high;
    }
}
