package io.flowaudit.connect.siem;

import io.flowaudit.connect.common.Backoff;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.SSLContext;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.flowaudit.connect.common.Version;
import io.flowaudit.schemas.avro.Alert;
import io.flowaudit.schemas.avro.Outcome;
import io.flowaudit.schemas.avro.Verdict;

/**
 * Writes alerts ({@link Alert}) and denials ({@link Verdict} with verdict DENIED) to a SIEM, synchronously: when
 * {@link #put} returns, every record it was given is delivered, dead-lettered, or skipped (tombstones, verdicts
 * that are not denials), so Connect may commit their offsets; nothing is buffered between calls.
 *
 * <p>Values must arrive decoded, as the {@link FlowauditAvroConverter} hands them over. When the transport's
 * retries run out, {@code put} throws a {@link RetriableException}; Connect then pauses, and calls {@code put}
 * again with the same records. The task remembers which of them already reached an outcome and sends only the
 * rest, so a retried batch does not duplicate what got through.
 */
public class SiemSinkTask extends SinkTask {

    private static final Logger LOGGER = LoggerFactory.getLogger(SiemSinkTask.class);

    private SiemSinkConnectorConfig config;
    private EventEncoder encoder;
    private Transport transport;
    private DeadLetters deadLetters;
    /** Ids of records that reached an outcome during puts that then failed; cleared after a put succeeds. */
    private final Set<String> settled = new HashSet<>();
    private long delivered;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = SiemSinkConnectorConfig.validated(props);
        encoder = encoder(config, version());
        transport = transport(config, version(), Sleeper.THREAD);
        boolean toleratesAll = "all".equals(props.getOrDefault("errors.tolerance", "none")
                .toLowerCase(Locale.ROOT));
        deadLetters = new DeadLetters(errantRecordReporter(), toleratesAll);
        LOGGER.info("SIEM sink task started: format {}, transport {} to {}, dead letters {}", config.format(),
                config.transport(), config.isSyslog() ? config.syslogHost() + ":" + config.syslogPort()
                        : config.httpUrl(), deadLetters.hasReporter() ? "via Connect's errant record reporter"
                                : toleratesAll ? "logged and skipped" : "fail the task");
    }

    private ErrantRecordReporter errantRecordReporter() {
        try {
            return context == null ? null : context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            // Connect workers before 2.6 have no errant record reporter.
            return null;
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        DeliveryListener listener = new DeliveryListener() {
            @Override
            public void delivered(EncodedEvent event) {
                settled.add(event.id());
                delivered++;
            }

            @Override
            public void rejected(EncodedEvent event, String reason) {
                settled.add(event.id());
                deadLetters.report(event.record(), new SiemRejectedException("the SIEM rejected the event: "
                        + reason));
            }
        };
        boolean redelivery = !settled.isEmpty();
        List<EncodedEvent> batch = new ArrayList<>(Math.min(records.size(), config.batchSize()));
        try {
            for (SinkRecord record : records) {
                if (redelivery && settled.contains(EncodedEvent.idOf(record))) {
                    continue;
                }
                EncodedEvent event = encode(record);
                if (event == null) {
                    continue;
                }
                batch.add(event);
                if (batch.size() >= config.batchSize()) {
                    transport.send(batch, listener);
                    batch = new ArrayList<>(config.batchSize());
                }
            }
            transport.send(batch, listener);
            settled.clear();
        } catch (RetriableException e) {
            LOGGER.warn("Giving {} records back to Connect for redelivery in {} ms: {}", records.size(),
                    config.retryBackoffMaxMs(), e.getMessage());
            context.timeout(config.retryBackoffMaxMs());
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while waiting to retry", e);
        }
        if (LOGGER.isDebugEnabled()) {
            LOGGER.debug("Put {} records; {} events delivered, {} dead letters since start", records.size(),
                    delivered, deadLetters.count());
        }
    }

    /** The event of a record, or null when there is nothing to send (reported to the dead letter if bad). */
    private EncodedEvent encode(SinkRecord record) {
        Object value = record.value();
        try {
            if (value instanceof Alert) {
                return encoder.encode(record, (Alert) value);
            }
            if (value instanceof Verdict) {
                Verdict verdict = (Verdict) value;
                if (verdict.getVerdict() != Outcome.DENIED) {
                    LOGGER.trace("Skipping {}: verdict {} is not a denial", EncodedEvent.coordinates(record),
                            verdict.getVerdict());
                    return null;
                }
                return encoder.encode(record, verdict);
            }
        } catch (RuntimeException e) {
            settled.add(EncodedEvent.idOf(record));
            deadLetters.report(record, new SiemRejectedException("cannot encode the " + value.getClass()
                    .getSimpleName() + " as " + config.format() + ": " + e, e));
            return null;
        }
        if (value == null) {
            LOGGER.trace("Skipping tombstone {}", EncodedEvent.coordinates(record));
            return null;
        }
        settled.add(EncodedEvent.idOf(record));
        deadLetters.report(record, new SiemRejectedException("the value is a " + value.getClass().getName()
                + ", not an Alert or a Verdict: set value.converter=" + FlowauditAvroConverter.class.getName()));
        return null;
    }

    @Override
    public void flush(Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> currentOffsets) {
        // put() is synchronous: everything it accepted is already delivered or dead-lettered.
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        settled.clear();
    }

    @Override
    public void stop() {
        if (transport != null) {
            transport.close();
        }
        LOGGER.info("SIEM sink task stopped: {} events delivered, {} records dead-lettered", delivered,
                deadLetters == null ? 0 : deadLetters.count());
    }

    static EventEncoder encoder(SiemSinkConnectorConfig config, String version) {
        switch (config.format()) {
            case SiemSinkConnectorConfig.FORMAT_CEF:
                return new CefEncoder(version, config, Rfc5424.hostname(config.syslogHostname()));
            case SiemSinkConnectorConfig.FORMAT_ECS:
                return new EcsEncoder(version, config);
            case SiemSinkConnectorConfig.FORMAT_OCSF:
                return new OcsfEncoder(version, config);
            default:
                throw new ConnectException("unknown " + SiemSinkConnectorConfig.FORMAT_CONFIG + " " + config.format());
        }
    }

    static Transport transport(SiemSinkConnectorConfig config, String version, Sleeper sleeper) {
        Backoff backoff = new Backoff(config.retryBackoffMs(), config.retryBackoffMaxMs());
        if (config.isSyslog()) {
            SSLContext ssl = config.isSyslogTls() ? SslContexts.create(config) : null;
            return new SyslogTransport(config.syslogHost(), config.syslogPort(), config.syslogConnectTimeoutMs(),
                    ssl, ssl == null ? null : SslContexts.parameters(config, ssl), backoff, config.maxRetries(),
                    sleeper);
        }
        URI url = URI.create(config.httpUrl());
        HttpClient.Builder client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(config.httpConnectTimeoutMs()))
                .followRedirects(HttpClient.Redirect.NEVER);
        if ("https".equalsIgnoreCase(url.getScheme())) {
            SSLContext ssl = SslContexts.create(config);
            client.sslContext(ssl).sslParameters(SslContexts.parameters(config, ssl));
        }
        HttpApi api = SiemSinkConnectorConfig.HTTP_API_SPLUNK.equals(config.httpApi())
                ? new SplunkHecApi(config.splunkSourcetype(), config.splunkIndex())
                : new ElasticsearchBulkApi(config.elasticsearchIndex());
        return new HttpTransport(url, api, authorization(config), client.build(),
                Duration.ofMillis(config.httpRequestTimeoutMs()), version, backoff, config.maxRetries(), sleeper);
    }

    /** The Authorization header value for the configured auth type; never logged. */
    static Optional<String> authorization(SiemSinkConnectorConfig config) {
        switch (config.httpAuthType()) {
            case SiemSinkConnectorConfig.AUTH_BASIC:
                String pair = config.httpAuthUsername() + ":" + config.httpAuthPassword().value();
                return Optional.of("Basic "
                        + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            case SiemSinkConnectorConfig.AUTH_APIKEY:
                return Optional.of("ApiKey " + config.httpAuthToken().value());
            case SiemSinkConnectorConfig.AUTH_BEARER:
                return Optional.of("Bearer " + config.httpAuthToken().value());
            case SiemSinkConnectorConfig.AUTH_SPLUNK:
                return Optional.of("Splunk " + config.httpAuthToken().value());
            default:
                return Optional.empty();
        }
    }
}
