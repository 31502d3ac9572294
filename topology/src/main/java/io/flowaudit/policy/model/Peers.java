package io.flowaudit.policy.model;

import java.util.List;
import java.util.Set;

/**
 * The peer half of a rule element (R28, R29). Exactly one kind per element. {@link Unspecified} is the
 * absent peer field (all peers when ports are given, nothing otherwise); an explicit empty list selects
 * nothing.
 */
public sealed interface Peers {

    /** No peer field in the element. */
    record Unspecified() implements Peers {
    }

    /** {@code fromEndpoints}/{@code toEndpoints}, selectors as written. */
    record Endpoints(List<Selector> selectors) implements Peers {
        public Endpoints {
            selectors = List.copyOf(selectors);
        }
    }

    /** {@code fromNodes}/{@code toNodes}: node identities by node labels (R35). */
    record Nodes(List<Selector> selectors) implements Peers {
        public Nodes {
            selectors = List.copyOf(selectors);
        }
    }

    /** {@code *CIDR} and {@code *CIDRSet}, and Kubernetes {@code ipBlock}. */
    record Cidrs(List<CidrRule> rules) implements Peers {
        public Cidrs {
            rules = List.copyOf(rules);
        }
    }

    /** {@code fromEntities}/{@code toEntities}. */
    record Entities(Set<Entity> entities) implements Peers {
        public Entities {
            entities = Set.copyOf(entities);
        }
    }

    /** {@code toFQDNs} (R33). */
    record Fqdns(List<FqdnSelector> selectors) implements Peers {
        public Fqdns {
            selectors = List.copyOf(selectors);
        }
    }

    /**
     * A peer kind flowaudit cannot resolve from flows alone ({@code toServices}, {@code toGroups},
     * {@code cidrGroupRef}): it selects nothing, and the reason says so.
     */
    record Unresolvable(String field, String why) implements Peers {
    }

    /** The Kubernetes NetworkPolicy empty peer list: every identity. */
    static Peers all() {
        return new Entities(Set.of(Entity.ALL));
    }
}
