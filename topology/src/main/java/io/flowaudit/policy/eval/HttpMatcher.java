package io.flowaudit.policy.eval;

import io.flowaudit.flow.HttpRecord;
import io.flowaudit.policy.model.HttpRule;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Cilium's HTTP rule semantics (R48, R49): method, path and host are regular expressions matched against
 * the whole value, case-sensitive; fields of a rule AND, rules OR.
 */
final class HttpMatcher {
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private HttpMatcher() {
    }

    static boolean matches(HttpRule rule, HttpRecord request) {
        Target t = Target.of(request.url());
        return regex(rule.method(), request.method()) && regex(rule.path(), t.path()) && regex(rule.host(), t.authority())
                && headers(rule, request);
    }

    private static boolean regex(String re, String value) {
        if (re.isEmpty()) {
            return true;
        }
        Pattern p = PATTERNS.computeIfAbsent(re, Pattern::compile);
        return p.matcher(value).matches();
    }

    private static boolean headers(HttpRule rule, HttpRecord request) {
        for (String h : rule.headers()) {
            int colon = h.indexOf(':');
            String name = (colon >= 0 ? h.substring(0, colon) : h).trim();
            String value = colon >= 0 ? h.substring(colon + 1).trim() : null;
            if (!hasHeader(request, name, value)) {
                return false;
            }
        }
        for (HttpRule.HeaderMatch m : rule.headerMatches()) {
            boolean ok = hasHeader(request, m.name(), m.value().isEmpty() ? null : m.value());
            // LOG, ADD, DELETE, REPLACE keep the rule matching and only act on the header (R48).
            if (!ok && m.mismatch().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasHeader(HttpRecord request, String name, String value) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (HttpRecord.HttpHeader h : request.headers()) {
            if (h.key().toLowerCase(Locale.ROOT).equals(lower) && (value == null || value.equals(h.value()))) {
                return true;
            }
        }
        return false;
    }

    /** The {@code :authority} and {@code :path} (with query) of a recorded URL. */
    record Target(String authority, String path) {
        static Target of(String url) {
            int scheme = url.indexOf("://");
            if (scheme < 0) {
                return new Target("", url.isEmpty() ? "/" : url);
            }
            int start = scheme + 3;
            int slash = url.indexOf('/', start);
            int query = url.indexOf('?', start);
            int end = slash < 0 ? (query < 0 ? url.length() : query) : (query < 0 ? slash : Math.min(slash, query));
            String authority = url.substring(start, end);
            String path = url.substring(end);
            if (path.isEmpty() || path.charAt(0) == '?') {
                path = "/" + path;
            }
            int fragment = path.indexOf('#');
            return new Target(authority, fragment >= 0 ? path.substring(0, fragment) : path);
        }
    }
}
