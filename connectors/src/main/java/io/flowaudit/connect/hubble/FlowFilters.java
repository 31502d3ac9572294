package io.flowaudit.connect.hubble;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

import io.flowaudit.connect.hubble.api.flow.FlowFilter;

/**
 * Reads GetFlows filters written in Hubble's JSON {@code FlowFilter} form, the form {@code hubble observe
 * --print-raw-filters} prints and the exporter's allow/deny lists take: a JSON array of filter objects, a single
 * object, or several objects separated by commas. Unknown field names are errors: a misspelt filter would
 * otherwise match everything.
 */
final class FlowFilters {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();

    private FlowFilters() {
    }

    /**
     * @param text the filters; blank for none
     * @throws IllegalArgumentException naming the filter (0-based) and what is wrong
     */
    static List<FlowFilter> parse(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(trimmed.startsWith("[") ? trimmed : "[" + trimmed + "]");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON FlowFilters: " + e.getOriginalMessage() + " at column "
                    + e.getLocation().getColumnNr());
        }
        List<FlowFilter> filters = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode node = root.get(i);
            if (!node.isObject()) {
                throw new IllegalArgumentException("filter " + i + " is not a JSON object: " + node);
            }
            FlowFilter.Builder filter = FlowFilter.newBuilder();
            try {
                PARSER.merge(node.toString(), filter);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalArgumentException("filter " + i + " " + node + ": " + e.getMessage());
            }
            filters.add(filter.build());
        }
        return List.copyOf(filters);
    }
}
