package io.flowaudit.flow.hubble;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.flowaudit.flow.Protocol;

import java.io.IOException;

/**
 * Reads the {@code l4} oneof: ports of {@code TCP}/{@code UDP}/{@code SCTP} (plus TCP flags), the ICMP type
 * (kept as the destination port) and code of {@code ICMPv4}/{@code ICMPv6}, and only the protocol of
 * {@code VRRP}/{@code IGMP}. An empty member ({@code "ICMPv4":{}}, an echo reply) means type and code 0.
 * Unknown members (a protocol added by a later Cilium) leave the protocol {@code NONE}.
 */
final class Layer4Parser {
    private final ValueReader values;

    Layer4Parser(ValueReader values) {
        this.values = values;
    }

    /** Reads the {@code l4} object at the current token into {@code flow}. */
    void parse(JsonParser p, MutableFlow flow) throws IOException {
        values.expect(p, JsonToken.START_OBJECT, "an object");
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            if (p.nextToken() == JsonToken.VALUE_NULL) {
                continue;
            }
            Protocol protocol = protocolOf(name);
            if (protocol == Protocol.NONE) {
                p.skipChildren();
                continue;
            }
            values.expect(p, JsonToken.START_OBJECT, "an object");
            flow.protocol = protocol;
            if (protocol.isIcmp()) {
                parseIcmp(p, flow);
            } else if (protocol.hasPorts()) {
                parsePorts(p, flow);
            } else {
                p.skipChildren();
            }
        }
    }

    private void parsePorts(JsonParser p, MutableFlow flow) throws IOException {
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            if (p.nextToken() == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "source_port":
                case "sourcePort":
                    flow.sourcePort = values.unsigned32AsInt(p);
                    break;
                case "destination_port":
                case "destinationPort":
                    flow.destinationPort = values.unsigned32AsInt(p);
                    break;
                case "flags":
                    flow.tcpFlags = TcpFlagLists.namesOf(flagMask(p));
                    break;
                default:
                    p.skipChildren();
            }
        }
    }

    private int flagMask(JsonParser p) throws IOException {
        values.expect(p, JsonToken.START_OBJECT, "an object");
        int mask = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            if (p.nextToken() == JsonToken.VALUE_NULL) {
                continue;
            }
            int bit = TcpFlagLists.bitOf(name);
            if (bit == 0) {
                p.skipChildren();
            } else if (values.bool(p)) {
                mask |= bit;
            }
        }
        return mask;
    }

    private void parseIcmp(JsonParser p, MutableFlow flow) throws IOException {
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            if (p.nextToken() == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "type":
                    flow.destinationPort = values.unsigned32AsInt(p);
                    break;
                case "code":
                    flow.icmpCode = values.unsigned32AsInt(p);
                    break;
                default:
                    p.skipChildren();
            }
        }
    }

    /**
     * The protocol of an {@code l4} member. Protobuf JSON names are exactly the proto names ({@code TCP},
     * {@code ICMPv4}); lower-case spellings are accepted as well because no other field could be meant.
     */
    private static Protocol protocolOf(String name) {
        switch (name) {
            case "TCP": case "tcp": return Protocol.TCP;
            case "UDP": case "udp": return Protocol.UDP;
            case "SCTP": case "sctp": return Protocol.SCTP;
            case "ICMPv4": case "icmpv4": return Protocol.ICMPV4;
            case "ICMPv6": case "icmpv6": return Protocol.ICMPV6;
            case "VRRP": case "vrrp": return Protocol.VRRP;
            case "IGMP": case "igmp": return Protocol.IGMP;
            default: return Protocol.NONE;
        }
    }
}
