package io.flowaudit.flow;

/** The L4 protocol of a flow, as Hubble's {@code l4} oneof names it; NONE when no l4 was recorded. */
public enum Protocol {
    NONE, TCP, UDP, SCTP, ICMPV4, ICMPV6, VRRP, IGMP;

    /** ICMP types take the place of ports in policy matching (semantics R45). */
    public boolean isIcmp() {
        return this == ICMPV4 || this == ICMPV6;
    }

    /** True for the protocols a {@code toPorts} port rule can name (R42). */
    public boolean hasPorts() {
        return this == TCP || this == UDP || this == SCTP;
    }
}
