package io.flowaudit.policy.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads every document of a YAML (or JSON) text into located {@link Node}s. */
final class NodeReader {
    /** Limits on untrusted input: policy files are small, a huge or deeply nested one is an attack or a mistake. */
    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(200)
            .maxStringLength(1_000_000)
            .maxDocumentLength(50_000_000L)
            .build();
    private static final YAMLFactory YAML = YAMLFactory.builder().streamReadConstraints(LIMITS).build();
    private static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(LIMITS).build();

    private NodeReader() {
    }

    /** A document that could not be read: where, and why. */
    record Failure(int document, int line, int column, String message) {
    }

    /** The documents read (null entries for empty documents) and the syntax failure that stopped reading, if any. */
    record Documents(List<Node> documents, Failure failure) {
    }

    static Documents read(String text, boolean json) {
        List<Node> docs = new ArrayList<>();
        JsonFactory factory = json ? JSON : YAML;
        try (JsonParser p = factory.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                docs.add(t == JsonToken.VALUE_NULL ? null : readValue(p, t));
            }
            return new Documents(docs, null);
        } catch (IOException | RuntimeException e) {
            int line = 0;
            int col = 0;
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null) {
                line = jpe.getLocation().getLineNr();
                col = jpe.getLocation().getColumnNr();
            }
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
            return new Documents(docs, new Failure(docs.size(), Math.max(line, 0), Math.max(col, 0), msg));
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return Node.abbreviate(nl >= 0 ? s.substring(0, nl) : s);
    }

    private static Node readValue(JsonParser p, JsonToken t) throws IOException {
        JsonLocation loc = p.currentTokenLocation();
        int line = loc.getLineNr();
        int col = loc.getColumnNr();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> entries = new LinkedHashMap<>();
                Map<String, int[]> keys = new HashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonLocation kl = p.currentTokenLocation();
                    JsonToken vt = p.nextToken();
                    // Duplicate keys: the last one wins, as in the Kubernetes API server's YAML decoding.
                    entries.put(name, readValue(p, vt));
                    keys.put(name, new int[] {kl.getLineNr(), kl.getColumnNr()});
                }
                return new Node.MapNode(entries, keys, line, col);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                JsonToken it;
                while ((it = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(readValue(p, it));
                }
                return new Node.ListNode(items, line, col);
            }
            case VALUE_STRING -> {
                return new Node.Scalar(p.getText(), Node.Scalar.Kind.STRING, line, col);
            }
            case VALUE_NUMBER_INT -> {
                return new Node.Scalar(p.getText(), Node.Scalar.Kind.INT, line, col);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Node.Scalar(p.getText(), Node.Scalar.Kind.FLOAT, line, col);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Node.Scalar(p.getText(), Node.Scalar.Kind.BOOL, line, col);
            }
            case VALUE_NULL -> {
                return new Node.Scalar("", Node.Scalar.Kind.NULL, line, col);
            }
            default -> throw new IOException("unexpected token " + t);
        }
    }
}
