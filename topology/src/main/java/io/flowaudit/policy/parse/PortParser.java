package io.flowaudit.policy.parse;

import io.flowaudit.policy.model.L4Protocol;
import io.flowaudit.policy.model.PortSpec;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Port numbers, named ports, ranges and ICMP types (R40, R41, R43, R45). */
final class PortParser {
    /** IANA service name syntax: letters, digits and single inner hyphens, at least one letter, 1-15 chars. */
    private static final Pattern SERVICE_NAME = Pattern.compile("(?=.*[a-z])[a-z0-9]([a-z0-9]|-(?=[a-z0-9])){0,14}");
    private static final Map<String, Integer> ICMPV4_TYPES = Map.ofEntries(
            Map.entry("EchoReply", 0), Map.entry("DestinationUnreachable", 3), Map.entry("Redirect", 5),
            Map.entry("Echo", 8), Map.entry("EchoRequest", 8), Map.entry("RouterAdvertisement", 9),
            Map.entry("RouterSelection", 10), Map.entry("TimeExceeded", 11), Map.entry("ParameterProblem", 12),
            Map.entry("Timestamp", 13), Map.entry("TimestampReply", 14), Map.entry("Photuris", 40),
            Map.entry("ExtendedEchoRequest", 42), Map.entry("ExtendedEchoReply", 43));
    private static final Map<String, Integer> ICMPV6_TYPES = Map.ofEntries(
            Map.entry("DestinationUnreachable", 1), Map.entry("PacketTooBig", 2), Map.entry("TimeExceeded", 3),
            Map.entry("ParameterProblem", 4), Map.entry("EchoRequest", 128), Map.entry("EchoReply", 129),
            Map.entry("MulticastListenerQuery", 130), Map.entry("MulticastListenerReport", 131),
            Map.entry("MulticastListenerDone", 132), Map.entry("RouterSolicitation", 133),
            Map.entry("RouterAdvertisement", 134), Map.entry("NeighborSolicitation", 135),
            Map.entry("NeighborAdvertisement", 136), Map.entry("RedirectMessage", 137),
            Map.entry("RouterRenumbering", 138), Map.entry("ICMPNodeInformationQuery", 139),
            Map.entry("ICMPNodeInformationResponse", 140), Map.entry("InverseNeighborDiscoverySolicitation", 141),
            Map.entry("InverseNeighborDiscoveryAdvertisement", 142), Map.entry("HomeAgentAddressDiscoveryRequest", 144),
            Map.entry("HomeAgentAddressDiscoveryReply", 145), Map.entry("MobilePrefixSolicitation", 146),
            Map.entry("MobilePrefixAdvertisement", 147), Map.entry("DuplicateAddressRequestCodeSuffix", 157),
            Map.entry("DuplicateAddressConfirmationCodeSuffix", 158), Map.entry("ExtendedEchoRequest", 160),
            Map.entry("ExtendedEchoReply", 161));

    private PortParser() {
    }

    /** A port as int-or-string: {@code 80}, {@code "80"} or a named port. Empty when invalid (error reported). */
    static Optional<PortSpec> port(ParseContext ctx, Node portNode, Node endPortNode, L4Protocol protocol,
                                   String path) {
        if (!(portNode instanceof Node.Scalar s) || s.kind() == Node.Scalar.Kind.NULL
                || s.kind() == Node.Scalar.Kind.BOOL || s.kind() == Node.Scalar.Kind.FLOAT) {
            ctx.error(portNode, path + ".port", "expected a port number (0-65535) or a port name, found "
                    + (portNode == null ? "nothing" : Node.describe(portNode)) + " (R40)");
            return Optional.empty();
        }
        String text = s.text().trim();
        int endPort = 0;
        if (!ParseContext.isNull(endPortNode)) {
            Optional<Integer> e = ctx.integer(endPortNode, path + ".endPort", 0, 65535);
            if (e.isEmpty()) {
                return Optional.empty();
            }
            endPort = e.get();
        }
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            int port = text.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(text);
            if (port > 65535) {
                ctx.error(portNode, path + ".port", text + " is not a port number: expected 0-65535 (R40)");
                return Optional.empty();
            }
            return Optional.of(new PortSpec(port, port == 0 ? 0 : endPort, "", protocol));
        }
        String name = text.toLowerCase(Locale.ROOT);
        if (!SERVICE_NAME.matcher(name).matches()) {
            ctx.error(portNode, path + ".port", "\"" + Node.abbreviate(text)
                    + "\" is not a port number or name: expected 0-65535 or an IANA service name (R40)");
            return Optional.empty();
        }
        return Optional.of(new PortSpec(0, 0, name, protocol));
    }

    /** An ICMP type, numeric (0-255) or by name for the family (R45). */
    static Optional<PortSpec> icmpType(ParseContext ctx, Node typeNode, Node field, boolean ipv6, String path) {
        L4Protocol proto = ipv6 ? L4Protocol.ICMPV6 : L4Protocol.ICMP;
        if (typeNode instanceof Node.Scalar s && s.kind() != Node.Scalar.Kind.NULL) {
            String t = s.text().trim();
            if (!t.isEmpty() && t.chars().allMatch(Character::isDigit) && t.length() <= 3) {
                int v = Integer.parseInt(t);
                if (v <= 255) {
                    return Optional.of(new PortSpec(v, 0, "", proto));
                }
            }
            Integer named = (ipv6 ? ICMPV6_TYPES : ICMPV4_TYPES).get(t);
            if (named != null) {
                return Optional.of(new PortSpec(named, 0, "", proto));
            }
        }
        ctx.error(ParseContext.either(typeNode, field), path, "expected an ICMP" + (ipv6 ? "v6" : "v4")
                + " type (0-255 or a name such as EchoRequest), found "
                + (typeNode == null ? "nothing" : Node.describe(typeNode)) + " (R45)");
        return Optional.empty();
    }
}
