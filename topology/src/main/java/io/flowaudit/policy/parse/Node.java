package io.flowaudit.policy.parse;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML/JSON value with the line and column it started at: Jackson's tree model drops locations, and every
 * problem must name its line.
 */
sealed interface Node {
    int line();

    int column();

    /** A mapping; keys in document order. */
    record MapNode(Map<String, Node> entries, Map<String, int[]> keyLocations, int line, int column)
            implements Node {
        public MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            keyLocations = Collections.unmodifiableMap(new LinkedHashMap<>(keyLocations));
        }
    }

    record ListNode(List<Node> items, int line, int column) implements Node {
        public ListNode {
            items = List.copyOf(items);
        }
    }

    /**
     * A scalar. {@code text} is the scalar's text; {@code kind} tells how YAML typed it, so a quoted
     * {@code "80"} and a bare {@code 80} are both accepted where Kubernetes accepts int-or-string.
     */
    record Scalar(String text, Kind kind, int line, int column) implements Node {
        enum Kind { STRING, INT, FLOAT, BOOL, NULL }
    }

    static String describe(Node n) {
        if (n instanceof MapNode) {
            return "a mapping";
        }
        if (n instanceof ListNode) {
            return "a list";
        }
        Scalar s = (Scalar) n;
        return switch (s.kind()) {
            case NULL -> "null";
            case STRING -> "the string \"" + abbreviate(s.text()) + "\"";
            default -> s.text();
        };
    }

    /** Caps how much of untrusted input a message repeats. */
    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
