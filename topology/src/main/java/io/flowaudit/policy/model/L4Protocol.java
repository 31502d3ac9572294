package io.flowaudit.policy.model;

import java.util.Locale;
import java.util.Optional;

/** Protocols a port rule can name; ANY means TCP, UDP and SCTP, never ICMP (R42). ICMP types come from icmps. */
public enum L4Protocol {
    TCP, UDP, SCTP, ANY, ICMP, ICMPV6;

    public static Optional<L4Protocol> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.of(ANY);
        }
        return switch (text.toUpperCase(Locale.ROOT)) {
            case "TCP" -> Optional.of(TCP);
            case "UDP" -> Optional.of(UDP);
            case "SCTP" -> Optional.of(SCTP);
            case "ANY" -> Optional.of(ANY);
            default -> Optional.empty();
        };
    }
}
