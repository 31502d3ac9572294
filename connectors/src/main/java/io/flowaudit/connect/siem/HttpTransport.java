package io.flowaudit.connect.siem;

import io.flowaudit.connect.common.Backoff;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs batches to an HTTP ingestion API ({@link ElasticsearchBulkApi} or {@link SplunkHecApi}) and sorts the
 * outcome:
 *
 * <ul>
 * <li>I/O errors, timeouts, 429 and 5xx: the batch is sent again after a backoff (honouring Retry-After), up to
 * the configured number of retries, then handed back to Connect with a {@link RetriableException};
 * <li>3xx, 401, 403, 404, 405, 407: the connector's own settings are wrong (URL, credentials), which would reject
 * every record alike, so the task fails with a {@link ConnectException} rather than dead-lettering the whole
 * stream; its offsets are not committed, so nothing is lost once the settings are fixed;
 * <li>413: the batch is split in halves and each half sent on its own; a single event that is too large is
 * rejected;
 * <li>2xx and other 4xx: the API decides per event (bulk item statuses, HEC invalid-event-number); rejected
 * events go to the dead letter.
 * </ul>
 */
final class HttpTransport implements Transport {

    private static final Logger LOGGER = LoggerFactory.getLogger(HttpTransport.class);

    private final URI url;
    private final HttpApi api;
    private final Optional<String> authorization;
    private final HttpClient client;
    private final Duration requestTimeout;
    private final String userAgent;
    private final Backoff backoff;
    private final int maxRetries;
    private final Sleeper sleeper;

    /** @param authorization the Authorization header value; never logged */
    HttpTransport(URI url, HttpApi api, Optional<String> authorization, HttpClient client, Duration requestTimeout,
            String version, Backoff backoff, int maxRetries, Sleeper sleeper) {
        this.url = Objects.requireNonNull(url, "url can't be null");
        this.api = Objects.requireNonNull(api, "api can't be null");
        this.authorization = Objects.requireNonNull(authorization, "authorization can't be null");
        this.client = Objects.requireNonNull(client, "client can't be null");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout can't be null");
        this.userAgent = "flowaudit-siem-sink/" + version;
        this.backoff = Objects.requireNonNull(backoff, "backoff can't be null");
        this.maxRetries = maxRetries;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper can't be null");
    }

    @Override
    public void send(List<EncodedEvent> events, DeliveryListener listener) throws InterruptedException {
        List<EncodedEvent> pending = events;
        int retries = 0;
        while (!pending.isEmpty()) {
            HttpApi.Attempt attempt = post(pending, listener);
            pending = attempt.retry();
            if (pending.isEmpty() || !attempt.isTransient()) {
                continue;
            }
            if (retries >= maxRetries) {
                throw new RetriableException(url + " failed " + (retries + 1) + " time(s) in a row, last with "
                        + attempt.reason() + "; " + pending.size() + " events will be redelivered");
            }
            long delay = backoff.delayMs(retries, attempt.retryAfterMs());
            LOGGER.warn("{} failed ({}); sending {} events again in {} ms (retry {} of {})", url, attempt.reason(),
                    pending.size(), delay, retries + 1, maxRetries);
            sleeper.sleep(delay);
            retries++;
        }
    }

    private HttpApi.Attempt post(List<EncodedEvent> events, DeliveryListener listener) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(requestTimeout)
                .header("Content-Type", api.contentType())
                .header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofByteArray(api.body(events)));
        authorization.ifPresent(value -> request.header("Authorization", value));
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return HttpApi.Attempt.retryAll(events, e.toString(), -1);
        }
        int status = response.statusCode();
        byte[] body = response.body() == null ? new byte[0] : response.body();
        if (status == 429 || status >= 500) {
            return HttpApi.Attempt.retryAll(events, "HTTP " + status + ": " + HttpApi.excerpt(body),
                    retryAfterMs(response));
        }
        if ((status >= 300 && status <= 399) || status == 401 || status == 403 || status == 404 || status == 405
                || status == 407) {
            throw new ConnectException(url + " answered HTTP " + status + " (" + HttpApi.excerpt(body) + "): check "
                    + SiemSinkConnectorConfig.HTTP_URL_CONFIG + " and " + SiemSinkConnectorConfig.HTTP_AUTH_TYPE_CONFIG
                    + " and its credentials; the records are not committed and will be sent once the task runs"
                    + " again");
        }
        if (status == 413) {
            if (events.size() == 1) {
                listener.rejected(events.get(0), "HTTP 413: the event alone is larger than the receiver accepts");
                return HttpApi.Attempt.DONE;
            }
            int half = events.size() / 2;
            LOGGER.info("{} answered 413 to {} events; sending them in two halves", url, events.size());
            send(events.subList(0, half), listener);
            send(events.subList(half, events.size()), listener);
            return HttpApi.Attempt.DONE;
        }
        return api.interpret(status, body, events, listener);
    }

    /** Retry-After in seconds (the HTTP-date form is ignored), or -1. */
    private static long retryAfterMs(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After");
        if (header.isEmpty()) {
            return -1;
        }
        try {
            return Math.max(0, Long.parseLong(header.get().strip())) * 1000L;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        // java.net.http.HttpClient (Java 17) has no close(); its connections go with it.
    }

    @Override
    public String toString() {
        return "HttpTransport[" + url + "]";
    }
}
