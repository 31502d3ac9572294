package io.flowaudit.flow.hubble;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides what one JSON line is and reads it: a {@code GetFlowsResponse}/{@code ExportEvent} envelope
 * ({@code {"flow":{...},"node_name":...,"time":...}} or one of the non-flow members), or a bare legacy
 * {@code Flow}. Keys may come in any order, so top-level Flow members are read into one buffer and the
 * {@code flow} member into another, and the shape is decided at the end of the object. Not thread-safe.
 */
final class LineParser {
    private static final int MAX_REASON_LENGTH = 300;
    private static final int MAX_KEYS_SHOWN = 5;

    private final ValueReader values = new ValueReader();
    private final FlowFieldParser flows = new FlowFieldParser(values);
    /** Top-level members: the envelope's time and node name, or all of a bare Flow. */
    private final MutableFlow top = new MutableFlow();
    /** The {@code flow} member of an envelope. */
    private final MutableFlow wrapped = new MutableFlow();

    /** Reads the single JSON value in {@code p} (which this method does not close). */
    ReadEvent parse(JsonParser p, long lineIndex) {
        try {
            return parseObject(p, lineIndex);
        } catch (JsonProcessingException e) {
            // syntax errors, and input over Jackson's StreamReadConstraints (nesting depth, number length)
            JsonLocation where = e.getLocation();
            String column = where == null || where.getColumnNr() < 0 ? "" : " at column " + where.getColumnNr();
            return bad(lineIndex, "invalid JSON" + column + ": " + e.getOriginalMessage());
        } catch (BadValueException e) {
            return bad(lineIndex, e.getMessage());
        } catch (IOException e) {
            return bad(lineIndex, "unreadable: " + e.getMessage());
        }
    }

    private ReadEvent parseObject(JsonParser p, long lineIndex) throws IOException {
        JsonToken first = p.nextToken();
        if (first != JsonToken.START_OBJECT) {
            return bad(lineIndex, "not a JSON object: the line holds " + ValueReader.describe(p));
        }
        top.reset();
        boolean hasFlow = false;
        boolean hasFlowMembers = false;
        SkippedKind skipped = null;
        int oneofMembers = 0;
        List<String> unknownKeys = null;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            SkippedKind kind = skippedKindOf(name);
            if (kind != null) {
                p.skipChildren();
                if (value != JsonToken.VALUE_NULL) {
                    skipped = kind;
                    oneofMembers++;
                }
            } else if ("flow".equals(name)) {
                if (value != JsonToken.VALUE_NULL) {
                    wrapped.reset();
                    flows.parseObject(p, wrapped);
                    hasFlow = true;
                    oneofMembers++;
                }
            } else if (flows.parseField(name, p, top)) {
                hasFlowMembers = true;
            } else {
                p.skipChildren();
                unknownKeys = remember(unknownKeys, name);
            }
        }
        if (p.nextToken() != null) {
            return bad(lineIndex, "content after the JSON object: " + ValueReader.describe(p));
        }
        if (oneofMembers > 1) {
            return bad(lineIndex, "more than one of flow, node_status, lost_events, agent_event, debug_event");
        }
        if (hasFlow) {
            return new ReadEvent.ParsedFlow(lineIndex, wrapped.toFlow(top));
        }
        if (skipped != null) {
            return new ReadEvent.SkippedEvent(lineIndex, skipped);
        }
        if (hasFlowMembers) {
            return new ReadEvent.ParsedFlow(lineIndex, top.toFlow(null));
        }
        return bad(lineIndex, "not a Hubble flow or event: no flow, node_status, lost_events, agent_event or "
                + "debug_event member and no Flow field" + (unknownKeys == null ? "" : "; keys: " + unknownKeys));
    }

    /** The envelope member names of non-flow events, proto and lowerCamelCase spellings. */
    private static SkippedKind skippedKindOf(String name) {
        switch (name) {
            case "node_status": case "nodeStatus": return SkippedKind.NODE_STATUS;
            case "lost_events": case "lostEvents": return SkippedKind.LOST_EVENTS;
            case "agent_event": case "agentEvent": return SkippedKind.AGENT_EVENT;
            case "debug_event": case "debugEvent": return SkippedKind.DEBUG_EVENT;
            default: return null;
        }
    }

    private static List<String> remember(List<String> keys, String name) {
        List<String> list = keys == null ? new ArrayList<>() : keys;
        if (list.size() < MAX_KEYS_SHOWN) {
            list.add(name.length() > 40 ? name.substring(0, 40) + "..." : name);
        }
        return list;
    }

    static ReadEvent.BadLine bad(long lineIndex, String reason) {
        String shown = reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) + "..." : reason;
        return new ReadEvent.BadLine(lineIndex, shown);
    }
}
