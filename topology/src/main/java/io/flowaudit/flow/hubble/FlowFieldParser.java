package io.flowaudit.flow.hubble;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.Set;

/**
 * Reads the members of a {@code flow.Flow} object into a {@link MutableFlow}, accepting both the proto field
 * names Hubble writes ({@code node_name}, {@code IP}, {@code Type}) and protobuf's lowerCamelCase JSON names
 * ({@code nodeName}, {@code isReply}). Flow members the model does not keep are recognised and skipped, so the
 * caller can still tell a bare legacy {@code Flow} line from an object of some other shape.
 */
final class FlowFieldParser {
    /** Flow members read by {@link #parseField} (keep in step with its switch). */
    private static final Set<String> READ_FLOW_FIELDS = Set.of(
            "time", "uuid", "verdict", "drop_reason", "dropReason", "IP", "ip", "l4", "source", "destination",
            "Type", "type", "node_name", "nodeName", "node_labels", "nodeLabels", "destination_names",
            "destinationNames", "l7", "reply", "event_type", "eventType", "destination_service",
            "destinationService", "traffic_direction", "trafficDirection", "trace_reason", "traceReason",
            "drop_reason_desc", "dropReasonDesc", "is_reply", "isReply");

    /** Flow members (v1.19.4 and camelCase spellings) that the model does not keep. */
    private static final Set<String> SKIPPED_FLOW_FIELDS = Set.of(
            "emitter", "auth_type", "authType", "ethernet", "tunnel", "source_names", "sourceNames",
            "source_service", "sourceService", "policy_match_type", "policyMatchType", "trace_observation_point",
            "traceObservationPoint", "file", "ip_trace_id", "ipTraceId", "debug_capture_point",
            "debugCapturePoint", "interface", "proxy_port", "proxyPort", "trace_context", "traceContext",
            "sock_xlate_point", "sockXlatePoint", "socket_cookie", "socketCookie", "cgroup_id", "cgroupId",
            "Summary", "extensions", "egress_allowed_by", "egressAllowedBy", "ingress_allowed_by",
            "ingressAllowedBy", "egress_denied_by", "egressDeniedBy", "ingress_denied_by", "ingressDeniedBy",
            "policy_log", "policyLog", "aggregate");

    private final ValueReader values;
    private final EndpointParser endpoints;
    private final Layer4Parser layer4;
    private final Layer7Parser layer7;

    FlowFieldParser(ValueReader values) {
        this.values = values;
        this.endpoints = new EndpointParser(values);
        this.layer4 = new Layer4Parser(values);
        this.layer7 = new Layer7Parser(values);
    }

    /** Reads a whole Flow object; the parser is on its {@code START_OBJECT}. */
    void parseObject(JsonParser p, MutableFlow flow) throws IOException {
        values.expect(p, JsonToken.START_OBJECT, "an object");
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            p.nextToken();
            if (!parseField(name, p, flow)) {
                p.skipChildren();
            }
        }
    }

    /**
     * Reads one member whose value is the current token.
     *
     * @return true when {@code name} is a Flow member (read, or skipped because the model does not keep it);
     *         false for an unknown name, whose value is then left for the caller to skip
     */
    boolean parseField(String name, JsonParser p, MutableFlow flow) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            // a null leaves the member at its default, but it still says which message this object is
            return READ_FLOW_FIELDS.contains(name) || SKIPPED_FLOW_FIELDS.contains(name);
        }
        switch (name) {
            case "time":
                flow.time(values.timestamp(p));
                return true;
            case "uuid":
                flow.uuid = values.uniqueString(p);
                return true;
            case "verdict":
                flow.verdict = HubbleEnums.verdict(p, values);
                return true;
            case "drop_reason":
            case "dropReason":
                flow.dropReasonCode = values.unsigned32(p);
                return true;
            case "IP":
            case "ip": // protobuf's JSON name is "IP" too; accepted because nothing else could be meant
                parseIp(p, flow);
                return true;
            case "l4":
                layer4.parse(p, flow);
                return true;
            case "source":
                flow.source = endpoints.parse(p);
                return true;
            case "destination":
                flow.destination = endpoints.parse(p);
                return true;
            case "Type":
            case "type": // as for "ip"
                flow.type = HubbleEnums.flowType(p, values);
                return true;
            case "node_name":
            case "nodeName":
                flow.nodeName = values.string(p);
                return true;
            case "node_labels":
            case "nodeLabels":
                flow.nodeLabels = values.strings(p);
                return true;
            case "destination_names":
            case "destinationNames":
                flow.destinationNames = values.strings(p);
                return true;
            case "l7":
                flow.l7 = layer7.parse(p);
                return true;
            case "reply":
                flow.reply = values.bool(p);
                return true;
            case "event_type":
            case "eventType":
                parseEventType(p, flow);
                return true;
            case "destination_service":
            case "destinationService":
                flow.destinationService = service(p);
                return true;
            case "traffic_direction":
            case "trafficDirection":
                flow.direction = HubbleEnums.direction(p, values);
                return true;
            case "trace_reason":
            case "traceReason":
                flow.traceReason = HubbleEnums.traceReason(p, values);
                return true;
            case "drop_reason_desc":
            case "dropReasonDesc":
                flow.dropReasonDesc = HubbleEnums.dropReason(p, values);
                return true;
            case "is_reply":
            case "isReply":
                flow.isReply = values.bool(p) ? 1 : 0;
                return true;
            default:
                if (SKIPPED_FLOW_FIELDS.contains(name)) {
                    p.skipChildren();
                    return true;
                }
                return false;
        }
    }

    private void parseIp(JsonParser p, MutableFlow flow) throws IOException {
        values.expect(p, JsonToken.START_OBJECT, "an object");
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            if (p.nextToken() == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "source":
                    flow.sourceIp = values.string(p);
                    break;
                case "destination":
                    flow.destinationIp = values.string(p);
                    break;
                case "ipVersion":
                case "ip_version":
                    flow.ipVersion = HubbleEnums.ipVersion(p, values);
                    break;
                default:
                    p.skipChildren();
            }
        }
    }

    private void parseEventType(JsonParser p, MutableFlow flow) throws IOException {
        values.expect(p, JsonToken.START_OBJECT, "an object");
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            if (p.nextToken() == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "type":
                    flow.eventType = values.signed32(p);
                    break;
                case "sub_type":
                case "subType":
                    flow.eventSubType = values.signed32(p);
                    break;
                default:
                    p.skipChildren();
            }
        }
    }

    /** A {@code Service} as {@code namespace/name}, or just the name when it has no namespace. */
    private String service(JsonParser p) throws IOException {
        values.expect(p, JsonToken.START_OBJECT, "an object");
        String name = "";
        String namespace = "";
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            if (p.nextToken() == JsonToken.VALUE_NULL) {
                continue;
            }
            if ("name".equals(field)) {
                name = values.string(p);
            } else if ("namespace".equals(field)) {
                namespace = values.string(p);
            } else {
                p.skipChildren();
            }
        }
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }
}
