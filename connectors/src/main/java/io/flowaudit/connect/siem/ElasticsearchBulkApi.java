package io.flowaudit.connect.siem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Elasticsearch (and OpenSearch) {@code _bulk} API: NDJSON, a {@code create} action line with the index and
 * the record's {@code topic-partition-offset} as {@code _id}, then the document, each ending in a newline.
 *
 * <p>{@code create} works for indices and data streams alike, and with a stable {@code _id} it makes redelivery
 * idempotent: a record that reaches Elasticsearch twice gets {@code 409 version_conflict_engine_exception} the
 * second time, which counts as delivered. Per item: 2xx and 409 delivered; 429 and 5xx sent again; any other
 * status rejected (dead letter).
 */
final class ElasticsearchBulkApi implements HttpApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String actionPrefix;

    ElasticsearchBulkApi(String index) {
        this.actionPrefix = "{\"create\":{\"_index\":\"" + quote(index) + "\",\"_id\":\"";
    }

    @Override
    public String contentType() {
        return "application/x-ndjson";
    }

    @Override
    public byte[] body(List<EncodedEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(events.size() * 1024);
        for (EncodedEvent event : events) {
            byte[] action = (actionPrefix + quote(event.id()) + "\"}}\n").getBytes(StandardCharsets.UTF_8);
            out.writeBytes(action);
            out.writeBytes(event.payload());
            out.write('\n');
        }
        return out.toByteArray();
    }

    @Override
    public Attempt interpret(int status, byte[] body, List<EncodedEvent> events, DeliveryListener listener) {
        if (status < 200 || status > 299) {
            String reason = "HTTP " + status + ": " + HttpApi.excerpt(body);
            for (EncodedEvent event : events) {
                listener.rejected(event, reason);
            }
            return Attempt.DONE;
        }
        JsonNode response;
        try {
            response = JSON.readTree(body);
        } catch (IOException e) {
            // The items may or may not be indexed; resending is safe because of the stable _id.
            return Attempt.retryAll(events, "unreadable bulk response: " + HttpApi.excerpt(body), -1);
        }
        if (response == null || !response.path("errors").asBoolean(true)) {
            if (response != null && response.has("items") && response.path("items").size() != events.size()) {
                return Attempt.retryAll(events, "bulk response has " + response.path("items").size()
                        + " items for " + events.size() + " actions", -1);
            }
            events.forEach(listener::delivered);
            return Attempt.DONE;
        }
        JsonNode items = response.path("items");
        if (items.size() != events.size()) {
            return Attempt.retryAll(events, "bulk response has " + items.size() + " items for " + events.size()
                    + " actions", -1);
        }
        List<EncodedEvent> retry = new ArrayList<>();
        String retryReason = "";
        for (int i = 0; i < events.size(); i++) {
            JsonNode item = items.get(i);
            JsonNode result = item.isObject() && item.size() == 1 ? item.elements().next() : item;
            int itemStatus = result.path("status").asInt(0);
            EncodedEvent event = events.get(i);
            if ((itemStatus >= 200 && itemStatus <= 299) || itemStatus == 409) {
                listener.delivered(event);
            } else if (itemStatus == 429 || itemStatus >= 500 || itemStatus == 0) {
                retry.add(event);
                retryReason = "bulk item status " + itemStatus + " " + errorText(result);
            } else {
                listener.rejected(event, "bulk item status " + itemStatus + " " + errorText(result));
            }
        }
        return retry.isEmpty() ? Attempt.DONE : new Attempt(retry, true, -1, retryReason);
    }

    private static String errorText(JsonNode result) {
        JsonNode error = result.path("error");
        if (error.isMissingNode()) {
            return "";
        }
        String text = error.path("type").asText("") + ": " + error.path("reason").asText("");
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }

    private static String quote(String text) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(text));
    }
}
