package io.flowaudit.policy.compile;

import io.flowaudit.policy.model.Direction;
import io.flowaudit.policy.model.L7Rules;
import io.flowaudit.policy.model.RuleRef;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The verdicts of one (subject direction, peer class) for every protocol and port, as sorted ranges:
 * a warm lookup is a binary search over a few range starts, with no allocation.
 */
final class PortTable {
    private final int[][] starts = new int[ProtocolBucket.COUNT][];
    private final PortVerdict[][] verdicts = new PortVerdict[ProtocolBucket.COUNT][];

    private PortTable() {
    }

    PortVerdict lookup(int bucket, int port) {
        int[] s = starts[bucket];
        int lo = 0;
        int hi = s.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (s[mid] <= port) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return verdicts[bucket][lo];
    }

    /** Inputs of a port table build; the synthetic rules depend on the subject's direction state (R22, R26). */
    record Context(DirectionPolicy policy, PeerClass peer, List<CompiledElement> covering, boolean allowLocalhost,
                   boolean l7WildcardWithoutDefaultDeny) {
    }

    static PortTable build(Context ctx) {
        PortTable t = new PortTable();
        for (int b = 0; b < ProtocolBucket.COUNT; b++) {
            TreeSet<Integer> bounds = new TreeSet<>();
            bounds.add(0);
            for (CompiledElement e : ctx.covering()) {
                for (CompiledPort p : e.ports()) {
                    if ((p.bucketMask() & (1 << b)) != 0) {
                        bounds.add(p.low());
                        if (p.high() < 65535) {
                            bounds.add(p.high() + 1);
                        }
                    }
                }
            }
            List<Integer> s = new ArrayList<>();
            List<PortVerdict> v = new ArrayList<>();
            for (int start : bounds) {
                PortVerdict pv = verdictAt(ctx, b, start);
                if (!v.isEmpty() && v.get(v.size() - 1).equals(pv)) {
                    continue;
                }
                s.add(start);
                v.add(pv);
            }
            t.starts[b] = s.stream().mapToInt(Integer::intValue).toArray();
            t.verdicts[b] = v.toArray(new PortVerdict[0]);
        }
        return t;
    }

    /** R64 for one (protocol bucket, port): deny, then allow (with redirect), then synthetic rules, then 133. */
    static PortVerdict verdictAt(Context ctx, int bucket, int port) {
        DirectionPolicy dp = ctx.policy();
        List<RuleRef> denies = new ArrayList<>();
        List<CompiledElement> allows = new ArrayList<>();
        for (CompiledElement e : ctx.covering()) {
            if (e.covers(bucket, port)) {
                if (e.deny()) {
                    denies.add(e.ref());
                } else {
                    allows.add(e);
                }
            }
        }
        String subject = dp.subjectName();
        String dir = dp.direction() == Direction.INGRESS ? "ingress" : "egress";
        if (!denies.isEmpty()) {
            return new PortVerdict(Outcome.DENIED, ReasonCode.EXPLICIT_DENY, denies, null,
                    dir + " of " + subject + " denied by " + denies.get(0));
        }
        boolean allowAny = !dp.defaultDeny();
        boolean localhost = dp.direction() == Direction.INGRESS && ctx.peer().localHost() && dp.defaultDeny()
                && ctx.allowLocalhost();
        if (allows.isEmpty()) {
            if (allowAny) {
                return new PortVerdict(Outcome.ALLOWED, ReasonCode.ALLOWED_NOT_DEFAULT_DENY, List.of(), null,
                        dir + " of " + subject + " is not default deny (enableDefaultDeny: false)");
            }
            if (localhost) {
                return new PortVerdict(Outcome.ALLOWED, ReasonCode.ALLOWED_LOCALHOST, List.of(), null,
                        "the local node may reach " + subject + " (allow-localhost)");
            }
            return new PortVerdict(Outcome.DENIED, ReasonCode.DEFAULT_DENY, dp.enforcedBy(), null,
                    dir + " of " + subject + " is default deny and no rule allows this peer and port"
                            + (dp.enforcedBy().isEmpty() ? "" : " (default deny from " + dp.enforcedBy().get(0) + ")"));
        }
        List<RuleRef> refs = allows.stream().map(CompiledElement::ref).toList();
        List<L7Gate.Source> l7 = new ArrayList<>();
        boolean httpFree = localhost || (allowAny && ctx.l7WildcardWithoutDefaultDeny());
        boolean dnsFree = allowAny && ctx.l7WildcardWithoutDefaultDeny();
        for (CompiledElement e : allows) {
            if (e.l3Only()) {
                httpFree = true;
                continue;
            }
            boolean withoutL7 = false;
            for (CompiledPort p : e.ports()) {
                if (p.covers(bucket, port)) {
                    L7Rules r = p.l7();
                    if (r == null) {
                        withoutL7 = true;
                    } else {
                        l7.add(new L7Gate.Source(r, e.ref()));
                    }
                }
            }
            if (withoutL7) {
                httpFree = true;
                dnsFree = true;
            }
        }
        if (l7.isEmpty()) {
            return new PortVerdict(Outcome.ALLOWED, ReasonCode.ALLOWED_BY_RULE, refs, null,
                    dir + " of " + subject + " allowed by " + refs.get(0));
        }
        L7Gate gate = new L7Gate(l7, httpFree, dnsFree);
        return new PortVerdict(Outcome.REDIRECTED, ReasonCode.ALLOWED_L7_PROXIED, refs, gate,
                dir + " of " + subject + " allowed at L3/L4 and redirected to the L7 proxy by " + l7.get(0).ref()
                        + ": requests are judged by its L7 rules");
    }
}
