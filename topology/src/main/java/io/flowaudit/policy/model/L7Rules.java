package io.flowaudit.policy.model;

import java.util.List;

/** The {@code rules} of a port rule: HTTP or DNS (R47). Kafka and l7proto are kept only as a kind name. */
public record L7Rules(List<HttpRule> http, List<DnsRule> dns, String otherKind) {
    public L7Rules {
        http = List.copyOf(http);
        dns = List.copyOf(dns);
        otherKind = otherKind == null ? "" : otherKind;
    }

    public boolean isHttp() {
        return !http.isEmpty();
    }

    public boolean isDns() {
        return !dns.isEmpty();
    }

    public boolean isEmpty() {
        return http.isEmpty() && dns.isEmpty() && otherKind.isEmpty();
    }
}
