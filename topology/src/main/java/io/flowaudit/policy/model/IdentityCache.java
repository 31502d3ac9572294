package io.flowaudit.policy.model;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interns identities by their label list, so a flow's labels are parsed once per distinct identity.
 * Flows without labels (field-masked, or old captures) fall back to the reserved numeric identities (R10).
 * Bounded: when full it starts over, which costs re-parsing, never correctness.
 */
public final class IdentityCache {
    private static final Map<Long, List<String>> RESERVED = Map.ofEntries(
            Map.entry(1L, List.of("reserved:host")), Map.entry(2L, List.of("reserved:world")),
            Map.entry(3L, List.of("reserved:unmanaged")), Map.entry(4L, List.of("reserved:health")),
            Map.entry(5L, List.of("reserved:init")), Map.entry(6L, List.of("reserved:remote-node")),
            Map.entry(7L, List.of("reserved:kube-apiserver", "reserved:remote-node")),
            Map.entry(8L, List.of("reserved:ingress")), Map.entry(9L, List.of("reserved:world-ipv4")),
            Map.entry(10L, List.of("reserved:world-ipv6")));
    /** What an address unknown to Cilium is: world (R11, R63). */
    private static final List<String> UNKNOWN_PEER = List.of("reserved:world");

    /** Direct-mapped front cache by list instance: readers share label lists, so most lookups skip hashing. */
    private static final int FRONT_SIZE = 1 << 16;

    private final int capacity;
    private final Map<List<String>, Identity> byLabels = new ConcurrentHashMap<>();
    private final Entry[] front = new Entry[FRONT_SIZE];

    private record Entry(List<String> labels, Identity identity) {
    }

    public IdentityCache(int capacity) {
        this.capacity = capacity;
    }

    public IdentityCache() {
        this(1_000_000);
    }

    public Identity resolve(long id, List<String> labels) {
        int slot = System.identityHashCode(labels) & (FRONT_SIZE - 1);
        Entry e = front[slot];
        if (e != null && e.labels() == labels && (!labels.isEmpty() || e.identity().id() == id)) {
            return e.identity();
        }
        Identity found = resolveSlow(id, labels);
        front[slot] = new Entry(labels, found);
        return found;
    }

    private Identity resolveSlow(long id, List<String> labels) {
        List<String> effective = labels;
        if (effective.isEmpty()) {
            effective = RESERVED.getOrDefault(id, UNKNOWN_PEER);
        }
        Identity found = byLabels.get(effective);
        if (found != null) {
            return found;
        }
        if (byLabels.size() >= capacity) {
            byLabels.clear();
        }
        return byLabels.computeIfAbsent(List.copyOf(effective), l -> new Identity(id, l));
    }

    public int size() {
        return byLabels.size();
    }
}
