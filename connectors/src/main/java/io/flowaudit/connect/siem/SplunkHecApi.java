package io.flowaudit.connect.siem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Splunk HTTP Event Collector event endpoint: one JSON envelope per event ({@code time} in epoch seconds with
 * milliseconds, {@code host}, {@code source}, {@code sourcetype}, {@code index}, and the document as
 * {@code event}), newline-separated in one request.
 *
 * <p>HEC processes a batch in order and stops at the first bad event, answering 400 with
 * {@code invalid-event-number}: the events before it were indexed, that one is rejected (dead letter), and the
 * rest are sent again at once. A 400 without that number rejects the whole batch.
 */
final class SplunkHecApi implements HttpApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String fixedFields;

    /** @param index the Splunk index, or empty for the token's default */
    SplunkHecApi(String sourcetype, String index) {
        this.fixedFields = "\"source\":\"flowaudit\",\"sourcetype\":\"" + quote(sourcetype) + "\""
                + (index.isEmpty() ? "" : ",\"index\":\"" + quote(index) + "\"");
    }

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public byte[] body(List<EncodedEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(events.size() * 1100);
        for (EncodedEvent event : events) {
            long millis = event.time().toEpochMilli();
            StringBuilder head = new StringBuilder(160).append("{\"time\":")
                    .append(String.format(Locale.ROOT, "%d.%03d", Math.floorDiv(millis, 1000),
                            Math.floorMod(millis, 1000)));
            if (!event.host().isEmpty()) {
                head.append(",\"host\":\"").append(quote(event.host())).append('"');
            }
            head.append(',').append(fixedFields).append(",\"event\":");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(event.payload());
            out.writeBytes("}\n".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    @Override
    public Attempt interpret(int status, byte[] body, List<EncodedEvent> events, DeliveryListener listener) {
        if (status >= 200 && status <= 299) {
            events.forEach(listener::delivered);
            return Attempt.DONE;
        }
        JsonNode response = null;
        try {
            response = JSON.readTree(body);
        } catch (IOException e) {
            // not JSON: handled below as a rejection of the whole batch
        }
        String reason = "HTTP " + status + ": " + HttpApi.excerpt(body);
        JsonNode invalid = response == null ? null : response.get("invalid-event-number");
        if (status == 400 && invalid != null && invalid.canConvertToInt() && invalid.asInt() >= 0
                && invalid.asInt() < events.size()) {
            int bad = invalid.asInt();
            for (int i = 0; i < bad; i++) {
                listener.delivered(events.get(i));
            }
            listener.rejected(events.get(bad), reason);
            List<EncodedEvent> rest = events.subList(bad + 1, events.size());
            return rest.isEmpty() ? Attempt.DONE : new Attempt(rest, false, -1, "events after a rejected one");
        }
        for (EncodedEvent event : events) {
            listener.rejected(event, reason);
        }
        return Attempt.DONE;
    }

    private static String quote(String text) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(text));
    }
}
