package io.flowaudit.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline of the replay target (DESIGN: "a plain single-threaded Jackson streaming parse of the same
 * file"): one {@link JsonParser} over the whole file, walking every line's envelope and extracting every field
 * a verdict needs into plain Java values (strings, ints, lists of labels), skipping the rest. No line splitting,
 * no pooling, no validation, no error recovery: the ceiling a reader of this format can hope for.
 */
final class PlainJsonParse {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** What a verdict needs from one flow; reused from line to line. */
    static final class Fields {
        String time;
        String uuid;
        String nodeName;
        String verdict;
        String dropReason;
        String type;
        int eventType;
        String direction;
        String traceReason;
        boolean hasIsReply;
        boolean isReply;
        boolean reply;
        String sourceIp;
        String destinationIp;
        String protocol;
        int sourcePort;
        int destinationPort;
        int icmpCode;
        List<String> tcpFlags = new ArrayList<>();
        final Endpoint source = new Endpoint();
        final Endpoint destination = new Endpoint();
        List<String> nodeLabels;
        List<String> destinationNames;
        String serviceName;
        String serviceNamespace;
        String l7Type;
        String dnsQuery;
        List<String> dnsIps;
        long dnsTtl;
        int dnsRcode;
        String httpMethod;
        String httpUrl;
        int httpCode;
        List<String> httpHeaders;

        void reset() {
            time = uuid = nodeName = verdict = dropReason = type = direction = traceReason = null;
            sourceIp = destinationIp = protocol = serviceName = serviceNamespace = l7Type = null;
            dnsQuery = httpMethod = httpUrl = null;
            eventType = sourcePort = destinationPort = icmpCode = dnsRcode = httpCode = 0;
            dnsTtl = 0;
            hasIsReply = isReply = reply = false;
            tcpFlags = new ArrayList<>();
            nodeLabels = destinationNames = dnsIps = httpHeaders = List.of();
            source.reset();
            destination.reset();
        }

        /** A value that depends on every extracted field, so nothing is optimised away. */
        long checksum() {
            long h = eventType * 31L + sourcePort * 17L + destinationPort + (isReply ? 1 : 0) + httpCode + dnsTtl;
            h += len(time) + len(uuid) + len(nodeName) + len(verdict) + len(dropReason) + len(type) + len(direction)
                    + len(traceReason) + len(sourceIp) + len(destinationIp) + len(protocol) + len(serviceName)
                    + len(l7Type) + len(dnsQuery) + len(httpUrl) + len(httpMethod) + tcpFlags.size()
                    + nodeLabels.size() + destinationNames.size() + dnsIps.size() + httpHeaders.size();
            return h + source.identity + source.labels.size() + len(source.namespace) + len(source.podName)
                    + destination.identity + destination.labels.size() + len(destination.namespace)
                    + len(destination.podName);
        }

        private static int len(String s) {
            return s == null ? 0 : s.length();
        }
    }

    /** One side of a flow. */
    static final class Endpoint {
        long identity;
        String namespace;
        String podName;
        List<String> labels = List.of();

        void reset() {
            identity = 0;
            namespace = podName = null;
            labels = List.of();
        }
    }

    private PlainJsonParse() {
    }

    /** Parses every line of {@code file}; returns {flows, checksum}. */
    static long[] run(Path file) throws IOException {
        long flows = 0;
        long checksum = 0;
        Fields f = new Fields();
        try (InputStream in = Files.newInputStream(file); JsonParser p = JSON.createParser(in)) {
            while (p.nextToken() == JsonToken.START_OBJECT) {
                f.reset();
                if (envelope(p, f)) {
                    flows++;
                    checksum += f.checksum();
                }
            }
        }
        return new long[] {flows, checksum};
    }

    /**
     * The same extraction with a new parser per line (lines split on {@code \n} first), as a line-oriented reader
     * that keeps a bad line from affecting the next must do; returns {flows, checksum}. The difference to
     * {@link #run} is the price of per-line parsers.
     */
    static long[] runPerLine(Path file) throws IOException {
        long flows = 0;
        long checksum = 0;
        Fields f = new Fields();
        byte[] buf = new byte[1 << 16];
        int start = 0;
        int end = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                int nl;
                while ((nl = indexOf(buf, start, end)) >= 0) {
                    try (JsonParser p = JSON.createParser(buf, start, nl - start)) {
                        if (p.nextToken() == JsonToken.START_OBJECT) {
                            f.reset();
                            if (envelope(p, f)) {
                                flows++;
                                checksum += f.checksum();
                            }
                        }
                    }
                    start = nl + 1;
                }
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
                if (end == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                }
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) {
                    break;
                }
                end += n;
            }
        }
        return new long[] {flows, checksum};
    }

    private static int indexOf(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static boolean envelope(JsonParser p, Fields f) throws IOException {
        boolean flow = false;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            p.nextToken();
            if (name.equals("flow")) {
                flow(p, f);
                flow = true;
            } else if (name.equals("node_name") && f.nodeName == null) {
                f.nodeName = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return flow;
    }

    private static void flow(JsonParser p, Fields f) throws IOException {
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            p.nextToken();
            switch (name) {
                case "time" -> f.time = p.getText();
                case "uuid" -> f.uuid = p.getText();
                case "verdict" -> f.verdict = p.getText();
                case "drop_reason_desc" -> f.dropReason = p.getText();
                case "Type" -> f.type = p.getText();
                case "node_name" -> f.nodeName = p.getText();
                case "traffic_direction" -> f.direction = p.getText();
                case "trace_reason" -> f.traceReason = p.getText();
                case "is_reply" -> {
                    f.hasIsReply = true;
                    f.isReply = p.getBooleanValue();
                }
                case "reply" -> f.reply = p.getBooleanValue();
                case "event_type" -> eventType(p, f);
                case "IP" -> ip(p, f);
                case "l4" -> l4(p, f);
                case "source" -> endpoint(p, f.source);
                case "destination" -> endpoint(p, f.destination);
                case "node_labels" -> f.nodeLabels = strings(p);
                case "destination_names" -> f.destinationNames = strings(p);
                case "destination_service" -> service(p, f);
                case "l7" -> l7(p, f);
                default -> p.skipChildren();
            }
        }
    }

    private static void eventType(JsonParser p, Fields f) throws IOException {
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            p.nextToken();
            if (name.equals("type")) {
                f.eventType = p.getIntValue();
            }
        }
    }

    private static void ip(JsonParser p, Fields f) throws IOException {
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            p.nextToken();
            switch (name) {
                case "source" -> f.sourceIp = p.getText();
                case "destination" -> f.destinationIp = p.getText();
                default -> p.skipChildren();
            }
        }
    }

    private static void l4(JsonParser p, Fields f) throws IOException {
        for (String proto = p.nextFieldName(); proto != null; proto = p.nextFieldName()) {
            p.nextToken();
            f.protocol = proto;
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                p.nextToken();
                switch (name) {
                    case "source_port" -> f.sourcePort = p.getIntValue();
                    case "destination_port", "type" -> f.destinationPort = p.getIntValue();
                    case "code" -> f.icmpCode = p.getIntValue();
                    case "flags" -> {
                        for (String flag = p.nextFieldName(); flag != null; flag = p.nextFieldName()) {
                            p.nextToken();
                            f.tcpFlags.add(flag);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
    }

    private static void endpoint(JsonParser p, Endpoint e) throws IOException {
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            p.nextToken();
            switch (name) {
                case "identity" -> e.identity = p.getLongValue();
                case "namespace" -> e.namespace = p.getText();
                case "pod_name" -> e.podName = p.getText();
                case "labels" -> e.labels = strings(p);
                default -> p.skipChildren();
            }
        }
    }

    private static void service(JsonParser p, Fields f) throws IOException {
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            p.nextToken();
            switch (name) {
                case "name" -> f.serviceName = p.getText();
                case "namespace" -> f.serviceNamespace = p.getText();
                default -> p.skipChildren();
            }
        }
    }

    private static void l7(JsonParser p, Fields f) throws IOException {
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            p.nextToken();
            switch (name) {
                case "type" -> f.l7Type = p.getText();
                case "dns" -> {
                    for (String d = p.nextFieldName(); d != null; d = p.nextFieldName()) {
                        p.nextToken();
                        switch (d) {
                            case "query" -> f.dnsQuery = p.getText();
                            case "ips" -> f.dnsIps = strings(p);
                            case "ttl" -> f.dnsTtl = p.getLongValue();
                            case "rcode" -> f.dnsRcode = p.getIntValue();
                            default -> p.skipChildren();
                        }
                    }
                }
                case "http" -> {
                    for (String h = p.nextFieldName(); h != null; h = p.nextFieldName()) {
                        p.nextToken();
                        switch (h) {
                            case "code" -> f.httpCode = p.getIntValue();
                            case "method" -> f.httpMethod = p.getText();
                            case "url" -> f.httpUrl = p.getText();
                            case "headers" -> f.httpHeaders = headers(p);
                            default -> p.skipChildren();
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
    }

    /** HTTP headers as key, value, key, value... */
    private static List<String> headers(JsonParser p) throws IOException {
        List<String> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                p.nextToken();
                out.add(p.getText());
            }
        }
        return out;
    }

    private static List<String> strings(JsonParser p) throws IOException {
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(p.getText());
        }
        return out;
    }
}
