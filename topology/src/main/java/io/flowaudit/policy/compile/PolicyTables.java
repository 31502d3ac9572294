package io.flowaudit.policy.compile;

import io.flowaudit.flow.Protocol;
import io.flowaudit.policy.EngineOptions;
import io.flowaudit.policy.model.Direction;
import io.flowaudit.policy.model.Identity;
import io.flowaudit.policy.model.IpAddress;
import io.flowaudit.policy.model.Policy;
import io.flowaudit.policy.model.RuleRef;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A compiled policy set: immutable rules and elements, plus lazily filled caches that belong to this
 * snapshot and are dropped with it. Thread-safe; a policy change builds a new instance.
 */
public final class PolicyTables {
    private static final int ADDRESS_CACHE_LIMIT = 200_000;

    private final long revision;
    private final List<Policy> policies;
    private final List<CompiledRule> rules;
    private final List<CompiledElement> elements;
    private final EngineOptions options;
    private final BitSet addressElements;
    private final boolean hasFqdnElements;

    private final Map<Identity, DirectionPolicy[]> subjectCache = new ConcurrentHashMap<>();
    private final Map<List<String>, Identity> hostIdentities = new ConcurrentHashMap<>();
    private final Map<DirectionKey, DirectionPolicy> directionPolicies = new ConcurrentHashMap<>();
    private final Map<Identity, PeerClass> peerCache = new ConcurrentHashMap<>();
    private final Map<Identity, BitSet> identityBits = new ConcurrentHashMap<>();
    private final Map<IpAddress, BitSet> cidrBits = new ConcurrentHashMap<>();
    private final Map<AddressPeerKey, PeerClass> addressPeers = new ConcurrentHashMap<>();
    private final Map<PeerKey, PeerClass> peerClasses = new ConcurrentHashMap<>();
    private final AtomicInteger directionIds = new AtomicInteger();
    private final AtomicInteger peerClassIds = new AtomicInteger();
    private final AtomicInteger portTableCount = new AtomicInteger();
    /** Distinct endpoint/node selectors of all elements, evaluated once per identity (they repeat heavily). */
    private final List<io.flowaudit.policy.model.Selector> distinctSelectors = new ArrayList<>();
    private final int[][] elementSelectors;
    private static final PortVerdict NOT_MANAGED_EGRESS =
            PortVerdict.notManaged("the source is not a Cilium endpoint; no egress check");
    private static final PortVerdict NOT_MANAGED_INGRESS =
            PortVerdict.notManaged("the destination is not a Cilium endpoint; no ingress check");

    PolicyTables(long revision, List<Policy> policies, List<CompiledRule> rules, List<CompiledElement> elements,
                 EngineOptions options) {
        this.revision = revision;
        this.policies = List.copyOf(policies);
        this.rules = List.copyOf(rules);
        this.elements = List.copyOf(elements);
        this.options = options;
        this.addressElements = new BitSet();
        boolean fqdn = false;
        for (CompiledElement e : elements) {
            if (e.peers().isAddressBased()) {
                addressElements.set(e.index());
            }
            fqdn |= e.peers() instanceof PeerMatcher.Fqdns;
        }
        this.hasFqdnElements = fqdn;
        Map<io.flowaudit.policy.model.Selector, Integer> index = new java.util.HashMap<>();
        this.elementSelectors = new int[elements.size()][];
        for (CompiledElement e : elements) {
            if (e.peers() instanceof PeerMatcher.Selectors sel) {
                int[] idx = new int[sel.selectors().size()];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = index.computeIfAbsent(sel.selectors().get(i), k -> {
                        distinctSelectors.add(k);
                        return distinctSelectors.size() - 1;
                    });
                }
                elementSelectors[e.index()] = idx;
            }
        }
    }

    public long revision() {
        return revision;
    }

    public List<Policy> policies() {
        return policies;
    }

    public EngineOptions options() {
        return options;
    }

    public int ruleCount() {
        return rules.size();
    }

    public int elementCount() {
        return elements.size();
    }

    /** Number of port tables resolved so far (a cache-size metric). */
    public int portTableCount() {
        return portTableCount.get();
    }

    /**
     * One direction's verdict for a connection (R64).
     *
     * @param subject the endpoint whose policy is checked (source for egress, destination for ingress)
     * @param nodeLabels labels of the observing node, for host policies; may be empty
     * @param peer the other side
     * @param peerIp the other side's address, may be null
     * @param fqdn DNS-learned names, for toFQDNs peers
     */
    public PortVerdict verdict(Direction direction, Identity subject, List<String> nodeLabels, Identity peer,
                               IpAddress peerIp, String node, long timeNanos, FqdnNames fqdn, Protocol protocol,
                               int port) {
        DirectionPolicy dp = directionPolicy(direction, subject, nodeLabels);
        if (dp == null) {
            return direction == Direction.EGRESS ? NOT_MANAGED_EGRESS : NOT_MANAGED_INGRESS;
        }
        if (!dp.enforced()) {
            return dp.notEnforced();
        }
        PeerClass pc = peerClass(peer, peerIp, node, timeNanos, fqdn);
        PortTable table = dp.tables().get(pc.id());
        if (table == null) {
            table = buildTable(dp, pc);
            dp.tables().put(pc.id(), table);
            portTableCount.incrementAndGet();
        }
        return table.lookup(ProtocolBucket.of(protocol), protocol.hasPorts() || protocol.isIcmp() ? port : 0);
    }

    /**
     * What applies to {@code subject} in {@code direction}: whether it is enforced and default deny, which rule
     * elements made it default deny, and whether any selected element is a toFQDNs peer. Empty when the subject is
     * not a Cilium endpoint.
     */
    public java.util.Optional<DirectionState> directionState(Direction direction, Identity subject,
                                                              List<String> nodeLabels) {
        DirectionPolicy dp = directionPolicy(direction, subject, nodeLabels);
        if (dp == null) {
            return java.util.Optional.empty();
        }
        boolean fqdn = false;
        for (int i = dp.elements().nextSetBit(0); i >= 0; i = dp.elements().nextSetBit(i + 1)) {
            fqdn |= elements.get(i).peers() instanceof PeerMatcher.Fqdns;
        }
        return java.util.Optional.of(new DirectionState(dp.enforced(), dp.defaultDeny(), dp.enforcedBy(), fqdn));
    }

    /** See {@link #directionState}. */
    public record DirectionState(boolean enforced, boolean defaultDeny, List<RuleRef> enforcedBy, boolean usesFqdn) {
    }

    /** The elements selecting {@code subject} in {@code direction}, or null when the subject is not enforced at all. */
    DirectionPolicy directionPolicy(Direction direction, Identity subject, List<String> nodeLabels) {
        Identity effective = subject;
        if (subject.isHost()) {
            if (!options.hostFirewall()) {
                return null;
            }
            effective = hostIdentities.computeIfAbsent(List.copyOf(nodeLabels), PolicyTables::hostIdentity);
        } else if (!subject.isManagedEndpoint()) {
            return null;
        }
        Identity key = effective;
        DirectionPolicy[] both = subjectCache.get(key);
        if (both == null) {
            both = subjectCache.computeIfAbsent(key, this::computeDirectionPolicies);
        }
        return both[direction.ordinal()];
    }

    private static Identity hostIdentity(List<String> nodeLabels) {
        List<String> labels = new ArrayList<>();
        labels.add("reserved:host");
        for (String l : nodeLabels) {
            labels.add("k8s:" + l);
        }
        return new io.flowaudit.policy.model.IdentityCache(1).resolve(1, labels);
    }

    private DirectionPolicy[] computeDirectionPolicies(Identity subject) {
        BitSet[] selected = {new BitSet(), new BitSet()};
        for (CompiledRule r : rules) {
            boolean applies = r.rule().nodeSubject() ? subject.isHost() : !subject.isHost();
            if (!applies || !Selectors.matches(r.subject(), subject)) {
                continue;
            }
            for (int i : r.elements()) {
                selected[elements.get(i).direction().ordinal()].set(i);
            }
        }
        return assemble(subject, selected);
    }

    /** R20-R25: enforcement and default deny of each direction from the selected elements. */
    private DirectionPolicy[] assemble(Identity subject, BitSet[] selectedByDirection) {
        DirectionPolicy[] out = new DirectionPolicy[2];
        for (Direction d : Direction.values()) {
            BitSet selected = selectedByDirection[d.ordinal()];
            boolean defaultDeny = false;
            LinkedHashSet<RuleRef> enforcedBy = new LinkedHashSet<>();
            for (int i = selected.nextSetBit(0); i >= 0; i = selected.nextSetBit(i + 1)) {
                CompiledElement e = elements.get(i);
                if (e.defaultDenyFlag() || !options.enableNonDefaultDenyPolicies()) {
                    defaultDeny = true;
                    enforcedBy.add(e.ref());
                }
            }
            boolean enforced = !selected.isEmpty();
            switch (options.enablePolicy()) {
                case NEVER -> {
                    enforced = false;
                    defaultDeny = false;
                }
                case ALWAYS -> {
                    enforced = true;
                    defaultDeny = true;
                }
                default -> {
                    if (subject.isInit()) {
                        enforced = true;
                        defaultDeny = true;
                    }
                }
            }
            String name = name(subject);
            DirectionKey signature = new DirectionKey(d, selected, enforced, defaultDeny, name);
            boolean fEnforced = enforced;
            boolean fDefaultDeny = defaultDeny;
            out[d.ordinal()] = directionPolicies.computeIfAbsent(signature, s -> new DirectionPolicy(
                    directionIds.incrementAndGet(), d, selected, fEnforced, fDefaultDeny, List.copyOf(enforcedBy), name,
                    new PortTableSlots(), PortVerdict.notEnforced("no policy selects " + name + " for " + dirName(d))));
        }
        return out;
    }

    /**
     * The rule selection of a pod subject already resolved in this snapshot, encoded for the compiled-subject
     * store ({@code egress element indices;ingress element indices}); empty when not resolved yet or not a pod.
     */
    public java.util.Optional<String> exportSubject(Identity subject) {
        DirectionPolicy[] both = subject.isHost() ? null : subjectCache.get(subject);
        if (both == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(encode(both[0].elements()) + ";" + encode(both[1].elements()));
    }

    /**
     * Seeds a subject's rule selection from the store, so a restarted instance skips selector matching for
     * identities it resolved before under this revision. Malformed input is ignored (the subject is then
     * resolved from scratch).
     */
    public void importSubject(Identity subject, String encoded) {
        if (subject.isHost() || !subject.isManagedEndpoint() || subjectCache.containsKey(subject)) {
            return;
        }
        String[] parts = encoded.split(";", -1);
        if (parts.length != 2) {
            return;
        }
        try {
            BitSet[] selected = {decode(parts[0]), decode(parts[1])};
            for (Direction d : Direction.values()) {
                BitSet b = selected[d.ordinal()];
                for (int i = b.nextSetBit(0); i >= 0; i = b.nextSetBit(i + 1)) {
                    if (i >= elements.size() || elements.get(i).direction() != d) {
                        return;
                    }
                }
            }
            subjectCache.putIfAbsent(subject, assemble(subject, selected));
        } catch (NumberFormatException e) {
            // not ours: resolve from scratch
        }
    }

    private static String encode(BitSet b) {
        StringBuilder sb = new StringBuilder();
        for (int i = b.nextSetBit(0); i >= 0; i = b.nextSetBit(i + 1)) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(i);
        }
        return sb.toString();
    }

    private static BitSet decode(String s) {
        BitSet b = new BitSet();
        if (!s.isEmpty()) {
            for (String part : s.split(",")) {
                b.set(Integer.parseInt(part));
            }
        }
        return b;
    }

    PeerClass peerClass(Identity peer, IpAddress ip, String node, long timeNanos, FqdnNames fqdn) {
        boolean addressMatters = !addressElements.isEmpty()
                && (peer.isWorld() || (options.cidrMatchNodes() && (peer.isHost() || peer.isRemoteNode())));
        if (!addressMatters) {
            PeerClass pc = peerCache.get(peer);
            return pc != null ? pc : peerCache.computeIfAbsent(peer, p -> intern(identityBits(p), p.isHost()));
        }
        PeerClass base = ip == null ? null : addressPeers.get(new AddressPeerKey(peer, ip));
        if (base == null) {
            BitSet bits = (BitSet) identityBits(peer).clone();
            bits.or(cidrBits(peer, ip));
            base = intern(bits, peer.isHost());
            if (ip != null) {
                if (addressPeers.size() >= ADDRESS_CACHE_LIMIT) {
                    addressPeers.clear();
                }
                addressPeers.put(new AddressPeerKey(peer, ip), base);
            }
        }
        if (hasFqdnElements && ip != null && peer.isWorld()) {
            List<String> names = fqdn.namesFor(node, ip, timeNanos);
            if (!names.isEmpty()) {
                BitSet bits = (BitSet) base.elements().clone();
                for (CompiledElement e : elements) {
                    if (e.peers() instanceof PeerMatcher.Fqdns f && names.stream().anyMatch(f::matchesName)) {
                        bits.set(e.index());
                    }
                }
                return intern(bits, peer.isHost());
            }
        }
        return base;
    }

    private BitSet identityBits(Identity peer) {
        BitSet b = identityBits.get(peer);
        if (b != null) {
            return b;
        }
        return identityBits.computeIfAbsent(peer, p -> {
            // each distinct selector once, then the elements that use it
            BitSet matching = new BitSet(distinctSelectors.size());
            for (int i = 0; i < distinctSelectors.size(); i++) {
                if (Selectors.matches(distinctSelectors.get(i), p)) {
                    matching.set(i);
                }
            }
            BitSet bits = new BitSet();
            for (CompiledElement e : elements) {
                int[] sel = elementSelectors[e.index()];
                if (sel != null) {
                    for (int s : sel) {
                        if (matching.get(s)) {
                            bits.set(e.index());
                            break;
                        }
                    }
                } else if (!e.peers().isAddressBased() && e.peers().matches(p)) {
                    bits.set(e.index());
                }
            }
            return bits;
        });
    }

    private BitSet cidrBits(Identity peer, IpAddress ip) {
        if (ip == null) {
            return computeCidrBits(peer, null);
        }
        BitSet b = cidrBits.get(ip);
        if (b != null) {
            return b;
        }
        if (cidrBits.size() >= ADDRESS_CACHE_LIMIT) {
            cidrBits.clear();
        }
        return cidrBits.computeIfAbsent(ip, a -> computeCidrBits(peer, a));
    }

    private BitSet computeCidrBits(Identity peer, IpAddress ip) {
        BitSet bits = new BitSet();
        for (int i = addressElements.nextSetBit(0); i >= 0; i = addressElements.nextSetBit(i + 1)) {
            if (elements.get(i).peers() instanceof PeerMatcher.Cidrs c && c.matches(peer, ip)) {
                bits.set(i);
            }
        }
        return bits;
    }

    private PeerClass intern(BitSet bits, boolean localHost) {
        PeerKey key = new PeerKey(bits, localHost);
        PeerClass pc = peerClasses.get(key);
        return pc != null ? pc : peerClasses.computeIfAbsent(new PeerKey((BitSet) bits.clone(), localHost),
                k -> new PeerClass(peerClassIds.getAndIncrement(), k.bits(), k.localHost()));
    }

    private PortTable buildTable(DirectionPolicy dp, PeerClass pc) {
        BitSet covering = (BitSet) dp.elements().clone();
        covering.and(pc.elements());
        List<CompiledElement> list = new ArrayList<>();
        for (int i = covering.nextSetBit(0); i >= 0; i = covering.nextSetBit(i + 1)) {
            list.add(elements.get(i));
        }
        return PortTable.build(new PortTable.Context(dp, pc, list, options.allowLocalhost(),
                options.version().l7WildcardWithoutDefaultDeny()));
    }

    private static String dirName(Direction d) {
        return d == Direction.INGRESS ? "ingress" : "egress";
    }

    static String name(Identity id) {
        if (id.isPod()) {
            String app = id.value("k8s", "app").or(() -> id.value("k8s", "k8s-app"))
                    .or(() -> id.value("k8s", "app.kubernetes.io/name")).orElse("");
            return id.namespace() + "/" + (app.isEmpty() ? "identity " + id.id() : app);
        }
        if (id.isHost()) {
            return "host";
        }
        return "identity " + id.id();
    }

    private record PeerKey(BitSet bits, boolean localHost) {
    }

    private record AddressPeerKey(Identity peer, IpAddress ip) {
    }

    private record DirectionKey(Direction direction, BitSet elements, boolean enforced, boolean defaultDeny,
                                String subjectName) {
    }
}
