package io.flowaudit.policy.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads every document of a YAML (or JSON) text into located {@link Node}s. */
final class NodeReader {
    /** Limits on untrusted input: policy files are small, a huge or deeply nested one is an attack or a mistake. */
    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(200)
            .maxStringLength(1_000_000)
            .maxDocumentLength(50_000_000L)
            .build();
    /*
     * The builder does not start from YAMLFactory's default parser features: without EMPTY_STRING_AS_NULL an
     * empty value ("to:" followed by nothing, or a trailing "---") would read as the string "", where
     * Kubernetes sees null.
     */
    private static final YAMLFactory YAML = YAMLFactory.builder().streamReadConstraints(LIMITS)
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();
    private static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(LIMITS).build();

    private NodeReader() {
    }

    /** A document that could not be read: where, and why. */
    record Failure(int document, int line, int column, String message) {
    }

    /** A suspicious but readable spot, such as a repeated key: where, the field path and what is wrong. */
    record Notice(int document, int line, int column, String path, String message) {
    }

    /**
     * The documents read (null entries for empty documents), notices about them, and the syntax failure that
     * stopped reading, if any.
     */
    record Documents(List<Node> documents, List<Notice> notices, Failure failure) {
    }

    static Documents read(String text, boolean json) {
        List<Node> docs = new ArrayList<>();
        List<Notice> notices = new ArrayList<>();
        JsonFactory factory = json ? JSON : YAML;
        try (JsonParser p = factory.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                docs.add(t == JsonToken.VALUE_NULL ? null : readValue(p, t, new Reading(docs.size(), notices), ""));
            }
            return new Documents(docs, notices, null);
        } catch (IOException | RuntimeException e) {
            int line = 0;
            int col = 0;
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null) {
                line = jpe.getLocation().getLineNr();
                col = jpe.getLocation().getColumnNr();
            }
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            Matcher mark = YAML_MARK.matcher(msg);
            while (mark.find()) {
                // SnakeYAML's last mark is where the problem is; Jackson's location is the last good token.
                line = Integer.parseInt(mark.group(1));
                col = Integer.parseInt(mark.group(2));
            }
            return new Documents(docs, notices,
                    new Failure(docs.size(), Math.max(line, 0), Math.max(col, 0), summary(msg)));
        }
    }

    private static final Pattern YAML_MARK = Pattern.compile("^ in 'reader', line (\\d+), column (\\d+):$",
            Pattern.MULTILINE);

    /**
     * The statements of a parser message ("while parsing a flow sequence: expected ',' or ']', but got
     * &lt;stream end&gt;"), without the echoed source lines and marks, which repeat untrusted input.
     */
    private static String summary(String message) {
        int source = message.indexOf(" at [Source:");
        String body = source >= 0 ? message.substring(0, source) : message;
        List<String> statements = new ArrayList<>();
        for (String l : body.split("\n")) {
            if (!l.isBlank() && !Character.isWhitespace(l.charAt(0))) {
                statements.add(Node.abbreviate(l.strip()));
            }
        }
        return statements.isEmpty() ? Node.abbreviate(message.strip()) : String.join(": ", statements);
    }

    /** Where notices of the document being read go. */
    private record Reading(int document, List<Notice> notices) {
    }

    private static Node readValue(JsonParser p, JsonToken t, Reading r, String path) throws IOException {
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
                    String childPath = path.isEmpty() ? name : path + "." + name;
                    int[] first = keys.get(name);
                    if (first != null) {
                        // The last one wins, as in Go's JSON decoding; stricter YAML decoders refuse the file.
                        r.notices().add(new Notice(r.document(), kl.getLineNr(), kl.getColumnNr(), childPath,
                                "duplicate key (first at line " + first[0] + "): this later value is used"));
                    }
                    entries.put(name, readValue(p, vt, r, childPath));
                    keys.put(name, new int[] {kl.getLineNr(), kl.getColumnNr()});
                }
                return new Node.MapNode(entries, keys, line, col);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                JsonToken it;
                while ((it = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(readValue(p, it, r, path + "[" + items.size() + "]"));
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
                // YAML 1.1 also spells booleans yes/no/on/off; Kubernetes' decoder reads them as JSON true/false.
                return new Node.Scalar(String.valueOf(t == JsonToken.VALUE_TRUE), Node.Scalar.Kind.BOOL, line, col);
            }
            case VALUE_NULL -> {
                return new Node.Scalar("", Node.Scalar.Kind.NULL, line, col);
            }
            default -> throw new IOException("unexpected token " + t);
        }
    }
}
