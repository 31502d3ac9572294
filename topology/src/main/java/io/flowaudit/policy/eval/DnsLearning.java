package io.flowaudit.policy.eval;

import io.flowaudit.policy.compile.FqdnNames;
import java.util.List;

/**
 * Per-node DNS state (R33): names learned from DNS answers the proxy saw, valid until their TTL on flow time.
 * {@link LearnedNames} keeps it in memory; the streaming topology keeps it in a state store.
 */
public interface DnsLearning extends FqdnNames {
    /** Records that {@code name} resolved to {@code ips} on {@code node} at {@code timeNanos} for {@code ttlSeconds}. */
    void learn(String node, String name, List<String> ips, long ttlSeconds, long timeNanos);
}
