package io.flowaudit.flow;

import java.util.List;
import java.util.Objects;

/**
 * The {@code l7.dns} part of an L7 flow.
 *
 * @param query the query name as recorded (usually with a trailing dot)
 * @param ips answer addresses, empty on requests
 * @param ttl answer TTL in seconds, 0 on requests
 * @param rcode DNS response code, 0 = NOERROR
 * @param qtypes query types such as {@code A}, {@code AAAA}
 */
public record DnsRecord(String query, List<String> ips, long ttl, int rcode, List<String> qtypes) {
    public DnsRecord {
        Objects.requireNonNull(query, "query can't be null");
        ips = List.copyOf(ips);
        qtypes = List.copyOf(qtypes);
    }
}
