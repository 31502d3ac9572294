package io.flowaudit.policy.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowaudit.flow.Protocol;
import io.flowaudit.policy.EngineOptions;
import io.flowaudit.policy.model.CidrRule;
import io.flowaudit.policy.model.Direction;
import io.flowaudit.policy.model.Entity;
import io.flowaudit.policy.model.Identity;
import io.flowaudit.policy.model.IdentityCache;
import io.flowaudit.policy.model.IpAddress;
import io.flowaudit.policy.model.IpPrefix;
import io.flowaudit.policy.model.L4Protocol;
import io.flowaudit.policy.model.Peers;
import io.flowaudit.policy.model.Policy;
import io.flowaudit.policy.model.PolicyKind;
import io.flowaudit.policy.model.PolicyRef;
import io.flowaudit.policy.model.PolicyRule;
import io.flowaudit.policy.model.PortRule;
import io.flowaudit.policy.model.PortSpec;
import io.flowaudit.policy.model.Requirement;
import io.flowaudit.policy.model.RuleElement;
import io.flowaudit.policy.model.RuleRef;
import io.flowaudit.policy.model.Section;
import io.flowaudit.policy.model.Selector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The compiled tables (peer classes, port tables, caches) answer exactly as the literal reference evaluator
 * does, on random policy sets and flows; and the invariants of R7 and R61 hold.
 */
class CompiledEngineAgreesWithReferencePropertyTest {
    private static final String[] NAMESPACES = {"a", "b"};
    private static final String[] ROLES = {"x", "y", "z"};
    private static final String[] CIDRS = {"10.0.0.0/8", "10.0.0.0/16", "10.0.0.0/24", "10.1.0.0/16", "192.168.0.0/16",
        "0.0.0.0/0"};
    private static final String[] WORLD_IPS = {"10.0.0.1", "10.0.1.1", "10.1.0.1", "10.2.3.4", "192.168.0.1", "8.8.8.8"};
    private static final int[] PORTS = {0, 53, 80, 443, 8000};
    private static final int[] FLOW_PORTS = {53, 80, 443, 8000, 8005, 9999};

    @Property(tries = 300)
    void compiledTablesAgreeWithTheReferenceEvaluator(@ForAll long seed) {
        Random r = new Random(seed);
        List<Policy> policies = policies(r);
        EngineOptions options = EngineOptions.defaults();
        PolicyTables tables = new PolicyCompiler(options).compile(policies, 1);
        ReferenceEvaluator ref = new ReferenceEvaluator(policies, options);
        IdentityCache ids = new IdentityCache();
        for (int i = 0; i < 60; i++) {
            Peer src = peer(r, ids);
            Peer dst = peer(r, ids);
            Protocol proto = r.nextInt(5) == 0 ? Protocol.UDP : Protocol.TCP;
            int port = FLOW_PORTS[r.nextInt(FLOW_PORTS.length)];
            for (Direction d : Direction.values()) {
                Peer subject = d == Direction.EGRESS ? src : dst;
                Peer other = d == Direction.EGRESS ? dst : src;
                Outcome expected = ref.direction(d, subject.id(), other.id(), other.ip(), proto, port);
                PortVerdict got = tables.verdict(d, subject.id(), List.of(), other.id(), other.ip(), "n", 0,
                        FqdnNames.NONE, proto, port);
                assertThat(got.outcome()).as("%s %s -> %s %s/%d with %s", d, subject, other, proto, port,
                        policies).isEqualTo(expected);
            }
        }
    }

    @Property(tries = 200)
    void policyOrderDoesNotChangeVerdicts(@ForAll long seed) {
        Random r = new Random(seed);
        List<Policy> policies = policies(r);
        List<Policy> shuffled = new ArrayList<>(policies);
        Collections.shuffle(shuffled, r);
        PolicyTables a = new PolicyCompiler(EngineOptions.defaults()).compile(policies, 1);
        PolicyTables b = new PolicyCompiler(EngineOptions.defaults()).compile(shuffled, 1);
        IdentityCache ids = new IdentityCache();
        for (int i = 0; i < 40; i++) {
            Peer s = peer(r, ids);
            Peer o = peer(r, ids);
            int port = FLOW_PORTS[r.nextInt(FLOW_PORTS.length)];
            for (Direction d : Direction.values()) {
                assertThat(b.verdict(d, s.id(), List.of(), o.id(), o.ip(), "n", 0, FqdnNames.NONE, Protocol.TCP, port))
                        .isEqualTo(a.verdict(d, s.id(), List.of(), o.id(), o.ip(), "n", 0, FqdnNames.NONE, Protocol.TCP, port));
            }
        }
    }

    @Property(tries = 200)
    void aMatchingDenyOverridesEveryAllow(@ForAll long seed) {
        Random r = new Random(seed);
        List<Policy> policies = new ArrayList<>(policies(r));
        IdentityCache ids = new IdentityCache();
        Peer subject = pod(r, ids);
        Peer other = peer(r, ids);
        int port = FLOW_PORTS[r.nextInt(FLOW_PORTS.length)];
        PolicyRef ref = new PolicyRef(PolicyKind.CILIUM_CLUSTERWIDE_NETWORK_POLICY, "", "deny-all");
        policies.add(new Policy(ref, List.of(new PolicyRule(ref, 0, Selector.ALL, false,
                List.of(new RuleElement(new RuleRef(ref, 0, Section.EGRESS_DENY, 0), new Peers.Entities(Set.of(Entity.ALL)),
                        false, List.of())), null, null)), "generated", 0, 0));
        PolicyTables t = new PolicyCompiler(EngineOptions.defaults()).compile(policies, 2);
        assertThat(t.verdict(Direction.EGRESS, subject.id(), List.of(), other.id(), other.ip(), "n", 0, FqdnNames.NONE,
                Protocol.TCP, port).outcome()).isEqualTo(Outcome.DENIED);
    }

    @Property(tries = 200)
    void addingAnAllowToAnEnforcedDirectionNeverDenies(@ForAll long seed) {
        Random r = new Random(seed);
        List<Policy> policies = policies(r);
        IdentityCache ids = new IdentityCache();
        List<Peer[]> pairs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            pairs.add(new Peer[] {peer(r, ids), peer(r, ids)});
        }
        List<Policy> more = new ArrayList<>(policies);
        more.add(policy(r, 99));
        PolicyTables before = new PolicyCompiler(EngineOptions.defaults()).compile(policies, 1);
        PolicyTables after = new PolicyCompiler(EngineOptions.defaults()).compile(more, 2);
        Policy added = more.get(more.size() - 1);
        boolean addsOnlyAllows = added.rules().stream().flatMap(x -> x.elements().stream()).noneMatch(RuleElement::isDeny);
        if (!addsOnlyAllows) {
            return;
        }
        for (Peer[] p : pairs) {
            PortVerdict b = before.verdict(Direction.EGRESS, p[0].id(), List.of(), p[1].id(), p[1].ip(), "n", 0,
                    FqdnNames.NONE, Protocol.TCP, 80);
            PortVerdict a = after.verdict(Direction.EGRESS, p[0].id(), List.of(), p[1].id(), p[1].ip(), "n", 0,
                    FqdnNames.NONE, Protocol.TCP, 80);
            if (b.outcome() == Outcome.ALLOWED && before.directionPolicy(Direction.EGRESS, p[0].id(), List.of()).defaultDeny()) {
                assertThat(a.outcome()).isEqualTo(Outcome.ALLOWED);
            }
        }
    }

    // ---- random universe ----

    record Peer(Identity id, IpAddress ip) {
        @Override
        public String toString() {
            return id + "@" + ip;
        }
    }

    private static Peer peer(Random r, IdentityCache ids) {
        return switch (r.nextInt(6)) {
            case 0 -> new Peer(ids.resolve(2, List.of("reserved:world")), ip(WORLD_IPS[r.nextInt(WORLD_IPS.length)]));
            case 1 -> new Peer(ids.resolve(1, List.of("reserved:host")), ip("172.18.0.3"));
            case 2 -> new Peer(ids.resolve(6, List.of("reserved:remote-node")), ip("172.18.0.4"));
            default -> pod(r, ids);
        };
    }

    private static Peer pod(Random r, IdentityCache ids) {
        String ns = NAMESPACES[r.nextInt(NAMESPACES.length)];
        String role = ROLES[r.nextInt(ROLES.length)];
        List<String> labels = new ArrayList<>(List.of("k8s:role=" + role, "k8s:io.kubernetes.pod.namespace=" + ns,
                "k8s:io.cilium.k8s.policy.cluster=default"));
        if (r.nextBoolean()) {
            labels.add("k8s:tier=" + (1 + r.nextInt(2)));
        }
        labels.sort(null);
        return new Peer(ids.resolve(1000, labels), ip("10.244.0." + (1 + r.nextInt(200))));
    }

    private static IpAddress ip(String s) {
        return IpAddress.parse(s).orElseThrow();
    }

    private static List<Policy> policies(Random r) {
        List<Policy> out = new ArrayList<>();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            out.add(policy(r, i));
        }
        return out;
    }

    private static Policy policy(Random r, int i) {
        boolean clusterwide = r.nextInt(4) == 0;
        PolicyRef ref = new PolicyRef(clusterwide ? PolicyKind.CILIUM_CLUSTERWIDE_NETWORK_POLICY
                : PolicyKind.CILIUM_NETWORK_POLICY, clusterwide ? "" : NAMESPACES[r.nextInt(2)], "p" + i);
        List<PolicyRule> rules = new ArrayList<>();
        int nRules = 1 + r.nextInt(2);
        for (int k = 0; k < nRules; k++) {
            List<RuleElement> elements = new ArrayList<>();
            int nElements = 1 + r.nextInt(3);
            for (int e = 0; e < nElements; e++) {
                Section section = Section.values()[r.nextInt(4)];
                elements.add(element(r, new RuleRef(ref, k, section, e)));
            }
            Boolean ddIn = r.nextInt(5) == 0 ? Boolean.FALSE : null;
            Boolean ddOut = r.nextInt(5) == 0 ? Boolean.FALSE : null;
            rules.add(new PolicyRule(ref, k, selector(r), false, elements, ddIn, ddOut));
        }
        return new Policy(ref, rules, "generated", 0, 0);
    }

    private static Selector selector(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> Selector.ALL;
            case 1 -> new Selector(List.of(Requirement.equalTo("k8s", "tier", String.valueOf(1 + r.nextInt(2)))));
            default -> new Selector(List.of(Requirement.equalTo("any", "role", ROLES[r.nextInt(ROLES.length)])));
        };
    }

    private static RuleElement element(Random r, RuleRef ref) {
        Peers peers = switch (r.nextInt(6)) {
            case 0 -> new Peers.Unspecified();
            case 1 -> new Peers.Entities(Set.of(List.of(Entity.WORLD, Entity.CLUSTER, Entity.HOST, Entity.ALL,
                    Entity.REMOTE_NODE).get(r.nextInt(5))));
            case 2 -> new Peers.Cidrs(List.of(cidrRule(r)));
            case 3 -> new Peers.Endpoints(List.of(Selector.ALL));
            default -> new Peers.Endpoints(List.of(selector(r)));
        };
        boolean ports = r.nextBoolean();
        List<PortRule> portRules = new ArrayList<>();
        if (ports) {
            int p = PORTS[r.nextInt(PORTS.length)];
            int end = r.nextInt(3) == 0 ? p + 10 : 0;
            L4Protocol proto = List.of(L4Protocol.TCP, L4Protocol.UDP, L4Protocol.ANY).get(r.nextInt(3));
            portRules.add(new PortRule(List.of(new PortSpec(p, end, "", proto)), null));
        }
        return new RuleElement(ref, peers, ports, portRules);
    }

    private static CidrRule cidrRule(Random r) {
        IpPrefix cidr = IpPrefix.parse(CIDRS[r.nextInt(CIDRS.length)]).orElseThrow();
        List<IpPrefix> except = new ArrayList<>();
        for (String c : CIDRS) {
            IpPrefix e = IpPrefix.parse(c).orElseThrow();
            if (e.length() > cidr.length() && cidr.covers(e) && r.nextInt(3) == 0) {
                except.add(e);
            }
        }
        return new CidrRule(cidr, except);
    }
}
