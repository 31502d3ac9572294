package io.flowaudit.connect.siem;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/** What one HTTP ingestion API needs: how a batch becomes a request body and what its responses mean. */
interface HttpApi {

    String contentType();

    byte[] body(List<EncodedEvent> events);

    /**
     * Interprets a response that is neither a transient failure (429, 5xx) nor a failure of the connector's own
     * settings (3xx, 401, 403, 404, 405, 407), nor 413: that is a 2xx or another 4xx. Reports delivered and
     * rejected events to {@code listener} and returns those to send again.
     */
    Attempt interpret(int status, byte[] body, List<EncodedEvent> events, DeliveryListener listener);

    /**
     * What is left after one request.
     *
     * @param retry        events to send again
     * @param isTransient  whether they failed transiently (back off and count a retry) rather than being left
     *                     over after progress (send again at once, as after a HEC invalid-event-number)
     * @param retryAfterMs what the server asked to wait, or -1
     * @param reason       why they are sent again, for logs and the final exception
     */
    record Attempt(List<EncodedEvent> retry, boolean isTransient, long retryAfterMs, String reason) {

        static final Attempt DONE = new Attempt(List.of(), false, -1, "");

        public Attempt {
            retry = List.copyOf(retry);
            Objects.requireNonNull(reason, "reason can't be null");
        }

        static Attempt retryAll(List<EncodedEvent> events, String reason, long retryAfterMs) {
            return new Attempt(events, true, retryAfterMs, reason);
        }
    }

    /** The start of a response body, one line, at most 300 characters, for messages. */
    static String excerpt(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 1200), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(Math.min(text.length(), 300));
        for (int i = 0; i < text.length() && out.length() < 300; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (text.length() > out.length()) {
            out.append("...");
        }
        return out.toString().strip();
    }
}
