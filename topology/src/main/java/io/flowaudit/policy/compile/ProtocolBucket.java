package io.flowaudit.policy.compile;

import io.flowaudit.flow.Protocol;
import io.flowaudit.policy.model.L4Protocol;

/** Protocol buckets of port tables: ports for TCP/UDP/SCTP, types for ICMP, nothing for the rest. */
final class ProtocolBucket {
    static final int TCP = 0;
    static final int UDP = 1;
    static final int SCTP = 2;
    static final int ICMPV4 = 3;
    static final int ICMPV6 = 4;
    /** Protocols no port rule can name (VRRP, IGMP, none recorded): only L3-only rules cover them (R39, R44). */
    static final int OTHER = 5;
    static final int COUNT = 6;

    private ProtocolBucket() {
    }

    static int of(Protocol p) {
        return switch (p) {
            case TCP -> TCP;
            case UDP -> UDP;
            case SCTP -> SCTP;
            case ICMPV4 -> ICMPV4;
            case ICMPV6 -> ICMPV6;
            default -> OTHER;
        };
    }

    /** R42: ANY is TCP, UDP and SCTP, never ICMP. */
    static int mask(L4Protocol p) {
        return switch (p) {
            case TCP -> 1 << TCP;
            case UDP -> 1 << UDP;
            case SCTP -> 1 << SCTP;
            case ANY -> (1 << TCP) | (1 << UDP) | (1 << SCTP);
            case ICMP -> 1 << ICMPV4;
            case ICMPV6 -> 1 << ICMPV6;
        };
    }
}
