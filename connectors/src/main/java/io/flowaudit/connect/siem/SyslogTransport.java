package io.flowaudit.connect.siem;

import io.flowaudit.connect.common.Backoff;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syslog over TCP (RFC 6587 octet counting) or TLS (RFC 5425): writes the encoded frames on one long-lived
 * connection, flushing once per batch, and reconnects with backoff when the connection breaks.
 *
 * <p>TCP syslog has no acknowledgements, so what this transport can promise is limited: a batch counts as
 * delivered once the kernel accepted its bytes. Two things narrow the window in which a broken connection loses
 * messages. Before each batch it checks whether the receiver has closed the connection (a restart of rsyslog
 * closes idle connections; the first write after that would vanish without an error), and after a write error
 * it reconnects and resends the whole batch, so a failure costs duplicates rather than losses. Events can still
 * be lost if the receiver dies after the kernel took them; use the HTTP transport when every event must be
 * acknowledged.
 */
final class SyslogTransport implements Transport {

    private static final Logger LOGGER = LoggerFactory.getLogger(SyslogTransport.class);
    private static final int BUFFER_SIZE = 64 * 1024;

    private final String host;
    private final int port;
    private final int connectTimeoutMs;
    private final SSLContext ssl;
    private final SSLParameters sslParameters;
    private final Backoff backoff;
    private final int maxRetries;
    private final Sleeper sleeper;

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /**
     * @param ssl           the TLS context for syslog-tls; may be null for plain TCP
     * @param sslParameters the TLS parameters; may be null for plain TCP
     */
    SyslogTransport(String host, int port, int connectTimeoutMs, SSLContext ssl, SSLParameters sslParameters,
            Backoff backoff, int maxRetries, Sleeper sleeper) {
        this.host = Objects.requireNonNull(host, "host can't be null");
        this.port = port;
        this.connectTimeoutMs = connectTimeoutMs;
        this.ssl = ssl;
        this.sslParameters = sslParameters;
        this.backoff = Objects.requireNonNull(backoff, "backoff can't be null");
        this.maxRetries = maxRetries;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper can't be null");
    }

    @Override
    public void send(List<EncodedEvent> events, DeliveryListener listener) throws InterruptedException {
        if (events.isEmpty()) {
            return;
        }
        for (int attempt = 0;; attempt++) {
            try {
                ensureConnected();
                for (EncodedEvent event : events) {
                    out.write(event.payload());
                }
                out.flush();
                for (EncodedEvent event : events) {
                    listener.delivered(event);
                }
                return;
            } catch (IOException e) {
                disconnect();
                if (attempt >= maxRetries) {
                    throw new RetriableException("syslog receiver " + endpoint() + " failed " + (attempt + 1)
                            + " time(s) in a row, last with " + e + "; the batch of " + events.size()
                            + " events will be redelivered", e);
                }
                long delay = backoff.delayMs(attempt);
                if (LOGGER.isDebugEnabled()) {
                    LOGGER.warn("Syslog receiver {} failed ({}); reconnecting in {} ms and resending {} events",
                            endpoint(), e.toString(), delay, events.size(), e);
                } else {
                    LOGGER.warn("Syslog receiver {} failed ({}); reconnecting in {} ms and resending {} events",
                            endpoint(), e.toString(), delay, events.size());
                }
                sleeper.sleep(delay);
            }
        }
    }

    private void ensureConnected() throws IOException {
        if (socket != null && isClosedByPeer()) {
            LOGGER.info("Syslog receiver {} closed the connection; reconnecting", endpoint());
            disconnect();
        }
        if (socket == null) {
            connect();
        }
    }

    private void connect() throws IOException {
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.setKeepAlive(true);
            plain.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            Socket connected = plain;
            if (ssl != null) {
                SSLSocket tls = (SSLSocket) ssl.getSocketFactory().createSocket(plain, host, port, true);
                SSLParameters parameters = sslParameters;
                if (!isIpLiteral(host)) {
                    parameters.setServerNames(List.of(new SNIHostName(host)));
                }
                tls.setSSLParameters(parameters);
                tls.setSoTimeout(connectTimeoutMs);
                tls.startHandshake();
                tls.setSoTimeout(0);
                connected = tls;
            }
            socket = connected;
            in = connected.getInputStream();
            out = new BufferedOutputStream(connected.getOutputStream(), BUFFER_SIZE);
            LOGGER.info("Connected to syslog receiver {} ({})", endpoint(), ssl != null ? "TLS "
                    + ((SSLSocket) connected).getSession().getProtocol() : "TCP");
        } catch (IOException | RuntimeException e) {
            try {
                plain.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Whether the receiver closed the connection. Receivers never write on a syslog connection, so a read that
     * times out at once means open, and end-of-stream means closed.
     */
    private boolean isClosedByPeer() {
        try {
            socket.setSoTimeout(1);
            int read = in.read();
            socket.setSoTimeout(0);
            return read < 0;
        } catch (SocketTimeoutException e) {
            try {
                socket.setSoTimeout(0);
                return false;
            } catch (IOException broken) {
                return true;
            }
        } catch (IOException e) {
            return true;
        }
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                LOGGER.debug("Closing the connection to {} failed", endpoint(), e);
            }
        }
        socket = null;
        in = null;
        out = null;
    }

    private String endpoint() {
        return host + ":" + port;
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.flush();
            } catch (IOException e) {
                LOGGER.debug("Flushing the connection to {} on close failed", endpoint(), e);
            }
        }
        disconnect();
    }
}
