package io.flowaudit.streams;

import io.flowaudit.policy.compile.DnsPatterns;
import io.flowaudit.policy.eval.DnsLearning;
import io.flowaudit.policy.model.IpAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * DNS-learned names (R33) in a state store, so they survive restarts and rebalances: key {@code node|address},
 * value {@code name=expiryNanos} lines. Expired names are dropped on read and by {@link #purge(long)}.
 */
final class StoreBackedDnsNames implements DnsLearning {
    private final KeyValueStore<String, String> store;
    private final long minTtlSeconds;

    StoreBackedDnsNames(KeyValueStore<String, String> store, long minTtlSeconds) {
        this.store = store;
        this.minTtlSeconds = minTtlSeconds;
    }

    @Override
    public void learn(String node, String name, List<String> ips, long ttlSeconds, long timeNanos) {
        long expiry = timeNanos + Math.max(ttlSeconds, minTtlSeconds) * 1_000_000_000L;
        String n = DnsPatterns.normalize(name);
        for (String ip : ips) {
            if (IpAddress.parse(ip).isEmpty()) {
                continue;
            }
            String key = node + "|" + IpAddress.parse(ip).get();
            Map<String, Long> names = decode(store.get(key));
            names.merge(n, expiry, Math::max);
            store.put(key, encode(names));
        }
    }

    @Override
    public List<String> namesFor(String node, IpAddress ip, long timeNanos) {
        String v = store.get(node + "|" + ip);
        if (v == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        decode(v).forEach((name, expiry) -> {
            if (expiry >= timeNanos) {
                out.add(name);
            }
        });
        return out;
    }

    /** Deletes entries whose every name expired before {@code timeNanos}; returns how many were deleted. */
    int purge(long timeNanos) {
        List<String> dead = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                if (decode(kv.value).values().stream().allMatch(e -> e < timeNanos)) {
                    dead.add(kv.key);
                }
            }
        }
        dead.forEach(store::delete);
        return dead.size();
    }

    private static Map<String, Long> decode(String v) {
        Map<String, Long> m = new LinkedHashMap<>();
        if (v == null || v.isEmpty()) {
            return m;
        }
        for (String line : v.split("\n")) {
            int eq = line.lastIndexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
            }
        }
        return m;
    }

    private static String encode(Map<String, Long> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }
}
