package io.flowaudit.policy.model;

import java.util.List;

/**
 * One {@code rules.http[]} entry (R48): method, path and host are anchored regular expressions (empty = any);
 * {@code headers} are {@code Name} (present) or {@code Name: value} (exact).
 */
public record HttpRule(String method, String path, String host, List<String> headers,
                       List<HeaderMatch> headerMatches) {
    public HttpRule {
        method = method == null ? "" : method;
        path = path == null ? "" : path;
        host = host == null ? "" : host;
        headers = List.copyOf(headers);
        headerMatches = List.copyOf(headerMatches);
    }

    /** {@code headerMatches[]}: {@code mismatch} empty means a mismatch fails the rule. */
    public record HeaderMatch(String name, String value, String mismatch) {
        public HeaderMatch {
            value = value == null ? "" : value;
            mismatch = mismatch == null ? "" : mismatch;
        }
    }
}
