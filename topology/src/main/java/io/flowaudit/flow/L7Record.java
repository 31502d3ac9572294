package io.flowaudit.flow;

import java.util.Optional;

/**
 * The {@code l7} part of a flow whose {@code Type} is {@code L7}.
 *
 * @param type {@code REQUEST}, {@code RESPONSE}, {@code SAMPLE} or {@code UNKNOWN_L7_TYPE}
 * @param dns the DNS part, may be null
 * @param http the HTTP part, may be null
 */
public record L7Record(String type, DnsRecord dns, HttpRecord http) {
    public boolean isRequest() {
        return "REQUEST".equals(type);
    }

    public boolean isResponse() {
        return "RESPONSE".equals(type);
    }

    public Optional<DnsRecord> dnsRecord() {
        return Optional.ofNullable(dns);
    }

    public Optional<HttpRecord> httpRecord() {
        return Optional.ofNullable(http);
    }
}
