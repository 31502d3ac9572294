package io.flowaudit.flow.hubble;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.flowaudit.flow.FlowType;
import io.flowaudit.flow.ObservedVerdict;
import io.flowaudit.flow.TrafficDirection;

import java.io.IOException;
import java.util.List;

/**
 * Decodes Hubble enum fields, written as their name or, when the writer's proto did not know the value, as a
 * JSON number (numbers per Cilium v1.19.4's {@code flow.proto}).
 *
 * <p>An unknown name or number maps to the enum's zero value, as a lenient protobuf parse does; for the enums the
 * model keeps as text (drop reason, trace reason, L7 type) an unknown name is kept as written and an unknown
 * number as its decimal text.
 */
final class HubbleEnums {
    private static final List<String> TRACE_REASONS = List.of("", "NEW", "ESTABLISHED", "REPLY", "RELATED",
            "REOPENED", "SRV6_ENCAP", "SRV6_DECAP", "ENCRYPT_OVERLAY");
    private static final List<String> L7_TYPES = List.of("UNKNOWN_L7_TYPE", "REQUEST", "RESPONSE", "SAMPLE");
    private static final ObservedVerdict[] VERDICTS = ObservedVerdict.values();
    private static final FlowType[] FLOW_TYPES = FlowType.values();
    private static final TrafficDirection[] DIRECTIONS = TrafficDirection.values();

    private HubbleEnums() {
    }

    static ObservedVerdict verdict(JsonParser p, ValueReader values) throws IOException {
        if (isNumber(p)) {
            long n = values.signed32(p);
            return n >= 0 && n < VERDICTS.length ? VERDICTS[(int) n] : ObservedVerdict.VERDICT_UNKNOWN;
        }
        switch (values.string(p)) {
            case "FORWARDED": return ObservedVerdict.FORWARDED;
            case "DROPPED": return ObservedVerdict.DROPPED;
            case "ERROR": return ObservedVerdict.ERROR;
            case "AUDIT": return ObservedVerdict.AUDIT;
            case "REDIRECTED": return ObservedVerdict.REDIRECTED;
            case "TRACED": return ObservedVerdict.TRACED;
            case "TRANSLATED": return ObservedVerdict.TRANSLATED;
            default: return ObservedVerdict.VERDICT_UNKNOWN;
        }
    }

    static FlowType flowType(JsonParser p, ValueReader values) throws IOException {
        if (isNumber(p)) {
            long n = values.signed32(p);
            return n >= 0 && n < FLOW_TYPES.length ? FLOW_TYPES[(int) n] : FlowType.UNKNOWN_TYPE;
        }
        switch (values.string(p)) {
            case "L3_L4": return FlowType.L3_L4;
            case "L7": return FlowType.L7;
            case "SOCK": return FlowType.SOCK;
            default: return FlowType.UNKNOWN_TYPE;
        }
    }

    static TrafficDirection direction(JsonParser p, ValueReader values) throws IOException {
        if (isNumber(p)) {
            long n = values.signed32(p);
            return n >= 0 && n < DIRECTIONS.length ? DIRECTIONS[(int) n] : TrafficDirection.TRAFFIC_DIRECTION_UNKNOWN;
        }
        switch (values.string(p)) {
            case "INGRESS": return TrafficDirection.INGRESS;
            case "EGRESS": return TrafficDirection.EGRESS;
            default: return TrafficDirection.TRAFFIC_DIRECTION_UNKNOWN;
        }
    }

    /** {@code IP.ipVersion} as 4, 6, or 0 for {@code IP_NOT_USED} and unknown values. */
    static int ipVersion(JsonParser p, ValueReader values) throws IOException {
        if (isNumber(p)) {
            long n = values.signed32(p);
            return n == 1 ? 4 : n == 2 ? 6 : 0;
        }
        switch (values.string(p)) {
            case "IPv4": return 4;
            case "IPv6": return 6;
            default: return 0;
        }
    }

    /** {@code drop_reason_desc}: the name as written, a number's name, or "" for the zero value. */
    static String dropReason(JsonParser p, ValueReader values) throws IOException {
        if (isNumber(p)) {
            return DropReasons.nameOf(values.unsigned32(p));
        }
        String name = values.string(p);
        return "DROP_REASON_UNKNOWN".equals(name) ? "" : name;
    }

    /** {@code trace_reason}: the name as written, a number's name, or "" for the zero value. */
    static String traceReason(JsonParser p, ValueReader values) throws IOException {
        if (isNumber(p)) {
            return named(TRACE_REASONS, values.signed32(p));
        }
        String name = values.string(p);
        return "TRACE_REASON_UNKNOWN".equals(name) ? "" : name;
    }

    /** {@code l7.type}: the name as written, or a number's name. */
    static String l7Type(JsonParser p, ValueReader values) throws IOException {
        if (isNumber(p)) {
            return named(L7_TYPES, values.signed32(p));
        }
        return values.string(p);
    }

    private static String named(List<String> names, int n) {
        return n >= 0 && n < names.size() ? names.get(n) : Integer.toString(n);
    }

    private static boolean isNumber(JsonParser p) {
        JsonToken token = p.currentToken();
        return token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
    }
}
