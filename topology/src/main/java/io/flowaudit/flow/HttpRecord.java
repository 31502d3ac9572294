package io.flowaudit.flow;

import java.util.List;
import java.util.Objects;

/**
 * The {@code l7.http} part of an L7 flow.
 *
 * @param method request method, empty when absent
 * @param url absolute URL as Hubble records it ({@code http://app2/auth})
 * @param protocol e.g. {@code HTTP/1.1}
 * @param code response status, 0 on requests
 * @param headers request headers in recorded order
 */
public record HttpRecord(String method, String url, String protocol, int code, List<HttpHeader> headers) {
    public HttpRecord {
        Objects.requireNonNull(method, "method can't be null");
        Objects.requireNonNull(url, "url can't be null");
        Objects.requireNonNull(protocol, "protocol can't be null");
        headers = List.copyOf(headers);
    }

    /** One header as Hubble records it; values may be {@code HUBBLE_REDACTED}. */
    public record HttpHeader(String key, String value) {
    }
}
