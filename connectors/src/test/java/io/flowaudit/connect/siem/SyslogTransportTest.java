package io.flowaudit.connect.siem;

import io.flowaudit.connect.common.Backoff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Syslog over TCP and TLS against a local receiver: the exact bytes, reconnects, and giving up. */
class SyslogTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path certificates;
    private static TestCertificates tls;

    private final Recorder recorder = new Recorder();
    private final CefEncoder cef = new CefEncoder(SiemFixtures.VERSION,
            SiemFixtures.config(SiemFixtures.syslogProps(514)), "worker-1");

    @BeforeAll
    static void createCertificates() throws Exception {
        tls = TestCertificates.create(certificates);
    }

    @Test
    void shouldWriteTheOctetCountedFramesByteForByte() throws Exception {
        try (FrameReceiver receiver = new FrameReceiver(0, null)) {
            Transport transport = transport(receiver.port(), 2);
            List<EncodedEvent> events = List.of(alert(1), denial(2));

            transport.send(events, recorder);

            byte[] expected = concat(events);
            assertThat(receiver.await(0, expected.length, WAIT)).isEqualTo(expected);
            assertThat(recorder.delivered).containsExactly("flowaudit.alerts-0-1", "flowaudit.denials-0-2");
            transport.close();
        }
    }

    @Test
    void shouldReconnectWhenTheReceiverClosedTheConnectionBetweenBatches() throws Exception {
        try (FrameReceiver receiver = new FrameReceiver(0, null)) {
            Transport transport = transport(receiver.port(), 2);
            EncodedEvent first = alert(1);
            EncodedEvent second = alert(2);
            transport.send(List.of(first), recorder);
            receiver.await(0, first.payload().length, WAIT);

            receiver.closeConnection(0);
            Thread.sleep(50);
            transport.send(List.of(second), recorder);

            assertThat(receiver.await(1, second.payload().length, WAIT)).isEqualTo(second.payload());
            assertThat(receiver.await(0, first.payload().length, WAIT)).isEqualTo(first.payload());
            assertThat(receiver.connectionCount()).isEqualTo(2);
            assertThat(recorder.sleeps).isEmpty();
            transport.close();
        }
    }

    @Test
    void shouldRetryWithBackoffAndGiveTheBatchBackWhenNothingListens() throws Exception {
        int port = freePort();
        Transport transport = new SyslogTransport("127.0.0.1", port, 1_000, null, null,
                new Backoff(10, 1_000, () -> 0.0), 2, recorder);

        assertThatThrownBy(() -> transport.send(List.of(alert(1)), recorder))
                .isInstanceOf(RetriableException.class)
                .hasMessageContaining("syslog receiver 127.0.0.1:" + port + " failed 3 time(s) in a row");
        assertThat(recorder.sleeps).containsExactly(10L, 20L);
        assertThat(recorder.delivered).isEmpty();
    }

    @Test
    void shouldDeliverOnceTheReceiverComesBackDuringTheRetries() throws Exception {
        int port = freePort();
        AtomicReference<FrameReceiver> started = new AtomicReference<>();
        Sleeper startReceiverOnFirstWait = millis -> {
            recorder.sleep(millis);
            if (started.get() == null) {
                try {
                    started.set(new FrameReceiver(port, null));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        Transport transport = new SyslogTransport("127.0.0.1", port, 1_000, null, null,
                new Backoff(10, 1_000, () -> 0.0), 3, startReceiverOnFirstWait);
        EncodedEvent event = alert(1);

        transport.send(List.of(event), recorder);

        try (FrameReceiver receiver = started.get()) {
            assertThat(receiver.await(0, event.payload().length, WAIT)).isEqualTo(event.payload());
        }
        assertThat(recorder.sleeps).containsExactly(10L);
        assertThat(recorder.delivered).containsExactly("flowaudit.alerts-0-1");
        transport.close();
    }

    @Test
    void shouldSendTheSameFramesInsideTlsToAReceiverTrustedByTheTrustStore() throws Exception {
        try (FrameReceiver receiver = new FrameReceiver(0, tls.serverContext())) {
            Map<String, String> props = tlsProps(receiver.port(), "127.0.0.1");
            Transport transport = SiemSinkTask.transport(SiemFixtures.config(props), "1", recorder);
            List<EncodedEvent> events = List.of(alert(1), denial(2));

            transport.send(events, recorder);

            byte[] expected = concat(events);
            assertThat(receiver.await(0, expected.length, WAIT)).isEqualTo(expected);
            transport.close();
        }
    }

    @Test
    void shouldRefuseAReceiverWhoseCertificateDoesNotNameTheHost() throws Exception {
        try (FrameReceiver receiver = new FrameReceiver(0, tls.serverContext())) {
            // the certificate names 127.0.0.1 only
            Map<String, String> props = tlsProps(receiver.port(), "localhost");
            props.put(SiemSinkConnectorConfig.MAX_RETRIES_CONFIG, "0");
            Transport transport = SiemSinkTask.transport(SiemFixtures.config(props), "1", recorder);

            assertThatThrownBy(() -> transport.send(List.of(alert(1)), recorder))
                    .isInstanceOf(RetriableException.class)
                    .hasMessageContaining("SSLHandshakeException");
            assertThat(recorder.delivered).isEmpty();
        }
    }

    @Test
    void shouldSkipHostNameVerificationOnlyWhenDisabled() throws Exception {
        try (FrameReceiver receiver = new FrameReceiver(0, tls.serverContext())) {
            Map<String, String> props = tlsProps(receiver.port(), "localhost");
            props.put(SiemSinkConnectorConfig.SSL_ENDPOINT_IDENTIFICATION_CONFIG, "");
            Transport transport = SiemSinkTask.transport(SiemFixtures.config(props), "1", recorder);
            EncodedEvent event = alert(1);

            transport.send(List.of(event), recorder);

            assertThat(receiver.await(0, event.payload().length, WAIT)).isEqualTo(event.payload());
            transport.close();
        }
    }

    private static Map<String, String> tlsProps(int port, String host) {
        Map<String, String> props = SiemFixtures.syslogProps(port);
        props.put(SiemSinkConnectorConfig.TRANSPORT_CONFIG, "syslog-tls");
        props.put(SiemSinkConnectorConfig.SYSLOG_HOST_CONFIG, host);
        props.put(SiemSinkConnectorConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, tls.truststore.toString());
        props.put(SiemSinkConnectorConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG, TestCertificates.PASSWORD);
        props.put(SiemSinkConnectorConfig.RETRY_BACKOFF_MS_CONFIG, "1");
        props.put(SiemSinkConnectorConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "5");
        return props;
    }

    private Transport transport(int port, int maxRetries) {
        return new SyslogTransport("127.0.0.1", port, 1_000, null, null, new Backoff(10, 100, () -> 0.0),
                maxRetries, recorder);
    }

    private EncodedEvent alert(long offset) {
        return cef.encode(SiemFixtures.record("flowaudit.alerts", 0, offset, null), SiemFixtures.missingDnsAlert());
    }

    private EncodedEvent denial(long offset) {
        return cef.encode(SiemFixtures.record("flowaudit.denials", 0, offset, null), SiemFixtures.denial());
    }

    private static byte[] concat(List<EncodedEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        events.forEach(event -> out.writeBytes(event.payload()));
        return out.toByteArray();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
