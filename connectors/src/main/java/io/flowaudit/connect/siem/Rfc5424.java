package io.flowaudit.connect.siem;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * RFC 5424 syslog messages in RFC 6587 octet-counting framing ({@code MSG-LEN SP SYSLOG-MSG}, the framing RFC 5425
 * also uses over TLS).
 *
 * <p>The message is {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME - MSGID - MSG}: no PROCID and no structured data.
 * MSG is UTF-8 without a byte order mark, i.e. RFC 5424's MSG-ANY: CEF receivers (ArcSight, QRadar, Sentinel's
 * agents) expect the line to start with {@code CEF:} and would show a BOM as garbage. MSG-LEN counts octets, not
 * characters, so non-ASCII text in a message frames correctly.
 */
final class Rfc5424 {

    /** Milliseconds, for alerts (their times are timestamp-millis). */
    static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** Microseconds, RFC 5424's finest TIME-SECFRAC, for flow times (nanoseconds, truncated). */
    static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    static final String NILVALUE = "-";
    private static final int MAX_HOSTNAME = 255;
    private static final int MAX_MSGID = 32;

    private Rfc5424() {
    }

    /**
     * One framed message.
     *
     * @param facility  0-23
     * @param severity  0-7
     * @param timestamp already formatted ({@link #MILLIS} or {@link #MICROS})
     * @param hostname  printable US-ASCII, or {@value #NILVALUE}
     * @param appName   printable US-ASCII
     * @param msgId     any text; sanitized to printable US-ASCII and cut to 32 characters
     * @param msg       the message text, sent as UTF-8
     */
    static byte[] frame(int facility, int severity, String timestamp, String hostname, String appName, String msgId,
            String msg) {
        String header = "<" + (facility * 8 + severity) + ">1 " + timestamp + " " + hostname + " " + appName + " "
                + NILVALUE + " " + headerField(msgId, MAX_MSGID) + " " + NILVALUE + " ";
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        byte[] body = msg.getBytes(StandardCharsets.UTF_8);
        byte[] length = (Integer.toString(head.length + body.length) + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[length.length + head.length + body.length];
        System.arraycopy(length, 0, frame, 0, length.length);
        System.arraycopy(head, 0, frame, length.length, head.length);
        System.arraycopy(body, 0, frame, length.length + head.length, body.length);
        return frame;
    }

    static String timestamp(DateTimeFormatter precision, Instant time) {
        return precision.format(time);
    }

    /**
     * A header field: characters outside printable US-ASCII (33-126) become {@code _}, the text is cut to
     * {@code max}, and an empty field becomes {@value #NILVALUE}.
     */
    static String headerField(String value, int max) {
        if (value == null || value.isEmpty()) {
            return NILVALUE;
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), max));
        for (int i = 0; i < value.length() && out.length() < max; i++) {
            char c = value.charAt(i);
            out.append(c >= 33 && c <= 126 ? c : '_');
        }
        return out.toString();
    }

    /** The configured HOSTNAME, or this machine's name, sanitized; {@value #NILVALUE} when unknown. */
    static String hostname(String configured) {
        if (!configured.isEmpty()) {
            return headerField(configured, MAX_HOSTNAME);
        }
        try {
            return headerField(InetAddress.getLocalHost().getHostName(), MAX_HOSTNAME);
        } catch (UnknownHostException e) {
            return NILVALUE;
        }
    }
}
