package io.flowaudit.policy.compile;

import io.flowaudit.flow.Protocol;
import io.flowaudit.policy.EngineOptions;
import io.flowaudit.policy.model.CidrRule;
import io.flowaudit.policy.model.Direction;
import io.flowaudit.policy.model.Entity;
import io.flowaudit.policy.model.Identity;
import io.flowaudit.policy.model.IpAddress;
import io.flowaudit.policy.model.L4Protocol;
import io.flowaudit.policy.model.Peers;
import io.flowaudit.policy.model.Policy;
import io.flowaudit.policy.model.PolicyRule;
import io.flowaudit.policy.model.PortRule;
import io.flowaudit.policy.model.PortSpec;
import io.flowaudit.policy.model.RuleElement;
import io.flowaudit.policy.model.Selector;
import java.util.List;

/**
 * The obviously-correct evaluator: R64 read literally, one loop over every element of every rule for every
 * question, no compilation, no caches. L3/L4 only. The compiled engine must agree with it.
 */
final class ReferenceEvaluator {
    private final List<Policy> policies;
    private final EngineOptions options;

    ReferenceEvaluator(List<Policy> policies, EngineOptions options) {
        this.policies = policies;
        this.options = options;
    }

    Outcome direction(Direction d, Identity subject, Identity peer, IpAddress peerIp, Protocol proto, int port) {
        if (!subject.isManagedEndpoint()) {
            return Outcome.NOT_APPLICABLE;
        }
        boolean any = false;
        boolean defaultDeny = false;
        boolean denied = false;
        boolean allowed = false;
        for (Policy p : policies) {
            for (PolicyRule r : p.rules()) {
                if (r.nodeSubject() || !Selectors.matches(Selectors.subject(r.subject(), r.ref()), subject)) {
                    continue;
                }
                Selector effectiveSubject = Selectors.subject(r.subject(), r.ref());
                for (RuleElement e : r.elements()) {
                    if (e.direction() != d) {
                        continue;
                    }
                    any = true;
                    defaultDeny |= r.defaultDenyFlag(d);
                    if (peerMatches(e, r, effectiveSubject, peer, peerIp) && portMatches(e, proto, port)) {
                        if (e.isDeny()) {
                            denied = true;
                        } else {
                            allowed = true;
                        }
                    }
                }
            }
        }
        if (!any) {
            return Outcome.NOT_ENFORCED;
        }
        if (denied) {
            return Outcome.DENIED;
        }
        if (allowed || !defaultDeny) {
            return Outcome.ALLOWED;
        }
        if (d == Direction.INGRESS && peer.isHost() && options.allowLocalhost()) {
            return Outcome.ALLOWED;
        }
        return Outcome.DENIED;
    }

    private boolean peerMatches(RuleElement e, PolicyRule r, Selector subject, Identity peer, IpAddress ip) {
        Peers p = e.peers();
        if (p instanceof Peers.Unspecified) {
            return e.hasPortRules();
        }
        if (p instanceof Peers.Endpoints ep) {
            return ep.selectors().stream().anyMatch(s ->
                    Selectors.matches(Selectors.endpointPeer(s, r.ref(), subject, options), peer));
        }
        if (p instanceof Peers.Entities en) {
            for (Entity x : en.entities()) {
                boolean m = switch (x) {
                    case ALL -> true;
                    case WORLD -> peer.isWorld();
                    case HOST -> peer.isHost();
                    case REMOTE_NODE -> peer.isRemoteNode();
                    case CLUSTER -> peer.isHost() || peer.isRemoteNode() || peer.isHealth() || peer.isInit()
                            || peer.isIngress() || peer.isUnmanaged() || peer.isKubeApiserver()
                            || options.clusterName().equals(peer.cluster());
                    default -> false;
                };
                if (m) {
                    return true;
                }
            }
            return false;
        }
        if (p instanceof Peers.Cidrs c) {
            if (!peer.isWorld() || ip == null) {
                return false;
            }
            for (CidrRule rule : c.rules()) {
                if (rule.cidr().contains(ip) && rule.except().stream().noneMatch(x -> x.contains(ip))) {
                    return true;
                }
            }
            return false;
        }
        return false;
    }

    private static boolean portMatches(RuleElement e, Protocol proto, int port) {
        if (!e.hasPortRules()) {
            return true;
        }
        for (PortRule pr : e.portRules()) {
            for (PortSpec s : pr.ports()) {
                if (s.isNamed() || !protocolMatches(s.protocol(), proto)) {
                    continue;
                }
                int lo = s.port();
                int hi = s.port() == 0 ? 65535 : Math.max(s.port(), s.endPort());
                if (s.port() == 0 || (port >= lo && port <= hi)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean protocolMatches(L4Protocol rule, Protocol flow) {
        return switch (rule) {
            case ANY -> flow == Protocol.TCP || flow == Protocol.UDP || flow == Protocol.SCTP;
            case TCP -> flow == Protocol.TCP;
            case UDP -> flow == Protocol.UDP;
            case SCTP -> flow == Protocol.SCTP;
            case ICMP -> flow == Protocol.ICMPV4;
            case ICMPV6 -> flow == Protocol.ICMPV6;
        };
    }
}
