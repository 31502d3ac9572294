package io.flowaudit.policy.eval;

import io.flowaudit.policy.compile.DnsPatterns;
import io.flowaudit.policy.model.IpAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DNS names learned from DNS answers that passed a node's DNS proxy (R33): one cache per node, as Cilium's
 * agent keeps, shared by every pod of the node. An entry lives until its TTL (at least {@code minTtlSeconds})
 * has passed on flow time, never wall-clock time. Each node keeps at most {@code maxEntriesPerNode}
 * addresses, evicting the least recently used, so the state is bounded and deterministic for an input.
 * Not thread-safe: one instance per stream task (flows are keyed by node).
 */
public final class LearnedNames implements DnsLearning {
    private final long minTtlSeconds;
    private final int maxEntriesPerNode;
    private final Map<String, Map<IpAddress, Map<String, Long>>> byNode = new HashMap<>();

    public LearnedNames(long minTtlSeconds, int maxEntriesPerNode) {
        this.minTtlSeconds = minTtlSeconds;
        this.maxEntriesPerNode = maxEntriesPerNode;
    }

    public LearnedNames() {
        this(0, 100_000);
    }

    /** Records that {@code name} resolved to {@code ips} on {@code node} at {@code timeNanos} for {@code ttl} s. */
    @Override
    public void learn(String node, String name, List<String> ips, long ttlSeconds, long timeNanos) {
        long expiry = timeNanos + Math.max(ttlSeconds, minTtlSeconds) * 1_000_000_000L;
        String n = DnsPatterns.normalize(name);
        Map<IpAddress, Map<String, Long>> nodeMap = byNode.computeIfAbsent(node, k -> lru());
        for (String ip : ips) {
            IpAddress.parse(ip).ifPresent(a -> nodeMap.computeIfAbsent(a, k -> new HashMap<>()).merge(n, expiry, Math::max));
        }
    }

    private Map<IpAddress, Map<String, Long>> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<IpAddress, Map<String, Long>> eldest) {
                return size() > maxEntriesPerNode;
            }
        };
    }

    @Override
    public List<String> namesFor(String node, IpAddress ip, long timeNanos) {
        Map<IpAddress, Map<String, Long>> nodeMap = byNode.get(node);
        if (nodeMap == null) {
            return List.of();
        }
        Map<String, Long> names = nodeMap.get(ip);
        if (names == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(names.size());
        names.forEach((name, expiry) -> {
            if (expiry >= timeNanos) {
                out.add(name);
            }
        });
        return out;
    }

    public int size() {
        return byNode.values().stream().mapToInt(Map::size).sum();
    }
}
