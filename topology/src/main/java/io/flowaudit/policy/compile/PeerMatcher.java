package io.flowaudit.policy.compile;

import io.flowaudit.policy.model.CidrRule;
import io.flowaudit.policy.model.Entity;
import io.flowaudit.policy.model.Identity;
import io.flowaudit.policy.model.IpAddress;
import io.flowaudit.policy.model.IpPrefix;
import io.flowaudit.policy.model.Selector;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** A compiled peer: which identities (and, for CIDR and FQDN peers, which addresses) it selects. */
sealed interface PeerMatcher {

    /** Whether the answer depends on the peer's address rather than on its identity alone. */
    default boolean isAddressBased() {
        return false;
    }

    /** Identity-based match; address-based matchers answer false here. */
    boolean matches(Identity peer);

    /** Every identity (no peer field with ports, {@code all}). */
    record Any() implements PeerMatcher {
        @Override
        public boolean matches(Identity peer) {
            return true;
        }
    }

    /** Nothing: an empty peer list, a peer-less element without ports (R23, R29), an unresolvable kind. */
    record None(String why) implements PeerMatcher {
        @Override
        public boolean matches(Identity peer) {
            return false;
        }
    }

    record Selectors(List<Selector> selectors) implements PeerMatcher {
        @Override
        public boolean matches(Identity peer) {
            for (Selector s : selectors) {
                if (io.flowaudit.policy.compile.Selectors.matches(s, peer)) {
                    return true;
                }
            }
            return false;
        }
    }

    record Entities(Set<Entity> entities, String clusterName) implements PeerMatcher {
        @Override
        public boolean matches(Identity peer) {
            for (Entity e : entities) {
                if (matches(e, peer)) {
                    return true;
                }
            }
            return false;
        }

        private boolean matches(Entity e, Identity p) {
            return switch (e) {
                case ALL -> true;
                case WORLD -> p.isWorld();
                case WORLD_IPV4 -> p.value("reserved", "world-ipv4").isPresent();
                case WORLD_IPV6 -> p.value("reserved", "world-ipv6").isPresent();
                case CLUSTER -> p.isHost() || p.isRemoteNode() || p.isInit() || p.isIngress() || p.isHealth()
                        || p.isUnmanaged() || p.isKubeApiserver() || (!clusterName.isEmpty() && clusterName.equals(p.cluster()));
                case HOST -> p.isHost();
                case REMOTE_NODE -> p.isRemoteNode();
                case KUBE_APISERVER -> p.isKubeApiserver();
                case HEALTH -> p.isHealth();
                case INIT -> p.isInit();
                case INGRESS -> p.isIngress();
                case UNMANAGED -> p.isUnmanaged();
                case NONE -> false;
            };
        }
    }

    /** CIDR rules match world/CIDR identities by address (R31, R32), node identities too in nodes mode. */
    record Cidrs(List<CidrRule> rules, boolean matchNodes) implements PeerMatcher {
        @Override
        public boolean isAddressBased() {
            return true;
        }

        @Override
        public boolean matches(Identity peer) {
            return false;
        }

        boolean eligible(Identity peer) {
            return peer.isWorld() || (matchNodes && (peer.isHost() || peer.isRemoteNode()));
        }

        /** {@code ip} may be null: then the identity's cidr label stands in for the address. */
        boolean matches(Identity peer, IpAddress ip) {
            if (!eligible(peer)) {
                return false;
            }
            if (ip != null) {
                for (CidrRule r : rules) {
                    if (r.matches(ip)) {
                        return true;
                    }
                }
                return false;
            }
            Optional<IpPrefix> label = peer.cidrLabel();
            if (label.isEmpty()) {
                return false;
            }
            for (CidrRule r : rules) {
                if (r.cidr().covers(label.get()) && r.except().stream().noneMatch(x -> x.covers(label.get()))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** toFQDNs: world addresses whose DNS-learned names match (R33). */
    record Fqdns(List<String> names, List<Pattern> patterns) implements PeerMatcher {
        @Override
        public boolean isAddressBased() {
            return true;
        }

        @Override
        public boolean matches(Identity peer) {
            return false;
        }

        boolean matchesName(String normalizedName) {
            if (names.contains(normalizedName)) {
                return true;
            }
            for (Pattern p : patterns) {
                if (p.matcher(normalizedName).matches()) {
                    return true;
                }
            }
            return false;
        }
    }
}
