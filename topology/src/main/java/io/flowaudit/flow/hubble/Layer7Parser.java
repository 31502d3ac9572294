package io.flowaudit.flow.hubble;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.flowaudit.flow.DnsRecord;
import io.flowaudit.flow.HttpRecord;
import io.flowaudit.flow.HttpRecord.HttpHeader;
import io.flowaudit.flow.L7Record;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code l7}: its {@code type} and the {@code dns} or {@code http} member of the record oneof.
 * {@code kafka} (deprecated), {@code latency_ns} and DNS {@code cnames}/{@code rrtypes} are skipped.
 */
final class Layer7Parser {
    private static final String UNKNOWN_L7_TYPE = "UNKNOWN_L7_TYPE";

    private final ValueReader values;

    Layer7Parser(ValueReader values) {
        this.values = values;
    }

    /** Reads the {@code l7} object at the current token. */
    L7Record parse(JsonParser p) throws IOException {
        values.expect(p, JsonToken.START_OBJECT, "an object");
        String type = UNKNOWN_L7_TYPE;
        DnsRecord dns = null;
        HttpRecord http = null;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            if (p.nextToken() == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "type":
                    type = HubbleEnums.l7Type(p, values);
                    break;
                case "dns":
                    dns = parseDns(p);
                    break;
                case "http":
                    http = parseHttp(p);
                    break;
                default:
                    p.skipChildren();
            }
        }
        return new L7Record(type, dns, http);
    }

    private DnsRecord parseDns(JsonParser p) throws IOException {
        values.expect(p, JsonToken.START_OBJECT, "an object");
        String query = "";
        List<String> ips = List.of();
        long ttl = 0;
        int rcode = 0;
        List<String> qtypes = List.of();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            if (p.nextToken() == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "query":
                    query = values.string(p);
                    break;
                case "ips":
                    ips = values.strings(p);
                    break;
                case "ttl":
                    ttl = values.unsigned32(p);
                    break;
                case "rcode":
                    rcode = values.unsigned32AsInt(p);
                    break;
                case "qtypes":
                    qtypes = values.strings(p);
                    break;
                default:
                    p.skipChildren();
            }
        }
        return new DnsRecord(query, ips, ttl, rcode, qtypes);
    }

    private HttpRecord parseHttp(JsonParser p) throws IOException {
        values.expect(p, JsonToken.START_OBJECT, "an object");
        String method = "";
        String url = "";
        String protocol = "";
        int code = 0;
        List<HttpHeader> headers = List.of();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            if (p.nextToken() == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "code":
                    code = values.unsigned32AsInt(p);
                    break;
                case "method":
                    method = values.string(p);
                    break;
                case "url":
                    url = values.string(p);
                    break;
                case "protocol":
                    protocol = values.string(p);
                    break;
                case "headers":
                    headers = parseHeaders(p);
                    break;
                default:
                    p.skipChildren();
            }
        }
        return new HttpRecord(method, url, protocol, code, headers);
    }

    private List<HttpHeader> parseHeaders(JsonParser p) throws IOException {
        values.expect(p, JsonToken.START_ARRAY, "an array of headers");
        List<HttpHeader> headers = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == JsonToken.VALUE_NULL) {
                continue;
            }
            values.expect(p, JsonToken.START_OBJECT, "a header object");
            String key = "";
            String value = "";
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                if (p.nextToken() == JsonToken.VALUE_NULL) {
                    continue;
                }
                if ("key".equals(name)) {
                    key = values.string(p);
                } else if ("value".equals(name)) {
                    value = values.string(p);
                } else {
                    p.skipChildren();
                }
            }
            headers.add(new HttpHeader(key, value));
        }
        return headers;
    }
}
