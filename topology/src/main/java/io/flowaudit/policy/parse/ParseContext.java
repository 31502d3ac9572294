package io.flowaudit.policy.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Problems of one policy object, and typed access to its nodes that reports what was expected where. */
final class ParseContext {
    private final String file;
    private final int document;
    private final List<ParseProblem> problems = new ArrayList<>();
    private String object = "";
    private boolean failed;

    ParseContext(String file, int document) {
        this.file = file;
        this.document = document;
    }

    void object(String name) {
        this.object = name;
    }

    String object() {
        return object;
    }

    boolean failed() {
        return failed;
    }

    List<ParseProblem> problems() {
        return problems;
    }

    void error(Node at, String path, String message) {
        failed = true;
        problems.add(new ParseProblem(ParseProblem.Severity.ERROR, location(at), object, path, message));
    }

    void warn(Node at, String path, String message) {
        problems.add(new ParseProblem(ParseProblem.Severity.WARNING, location(at), object, path, message));
    }

    SourceLocation location(Node at) {
        return new SourceLocation(file, document, at == null ? 0 : at.line(), at == null ? 0 : at.column());
    }

    Optional<Node.MapNode> map(Node n, String path) {
        if (n instanceof Node.MapNode m) {
            return Optional.of(m);
        }
        if (isNull(n)) {
            return Optional.empty();
        }
        error(n, path, "expected a mapping, found " + Node.describe(n));
        return Optional.empty();
    }

    /** A list field; null/absent gives empty. */
    List<Node> list(Node n, String path) {
        if (n instanceof Node.ListNode l) {
            return l.items();
        }
        if (!isNull(n)) {
            error(n, path, "expected a list, found " + Node.describe(n));
        }
        return List.of();
    }

    Optional<String> string(Node n, String path) {
        if (n instanceof Node.Scalar s && s.kind() != Node.Scalar.Kind.NULL) {
            return Optional.of(s.text());
        }
        if (!isNull(n)) {
            error(n, path, "expected a string, found " + Node.describe(n));
        }
        return Optional.empty();
    }

    Optional<Boolean> bool(Node n, String path) {
        if (n instanceof Node.Scalar s && s.kind() == Node.Scalar.Kind.BOOL) {
            return Optional.of(Boolean.parseBoolean(s.text()));
        }
        if (!isNull(n)) {
            error(n, path, "expected true or false, found " + Node.describe(n));
        }
        return Optional.empty();
    }

    Optional<Integer> integer(Node n, String path, int min, int max) {
        if (n instanceof Node.Scalar s && s.kind() == Node.Scalar.Kind.INT) {
            try {
                int v = Integer.parseInt(s.text());
                if (v >= min && v <= max) {
                    return Optional.of(v);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            error(n, path, s.text() + " is out of range: expected an integer from " + min + " to " + max);
            return Optional.empty();
        }
        if (!isNull(n)) {
            error(n, path, "expected an integer from " + min + " to " + max + ", found " + Node.describe(n));
        }
        return Optional.empty();
    }

    /**
     * Warns once for every key of {@code m} not in {@code known}; unknown fields are never silently dropped. The
     * API server prunes them (or refuses the object under strict field validation), so the rest still applies.
     */
    void checkKnown(Node.MapNode m, String path, Set<String> known) {
        for (String key : m.entries().keySet()) {
            if (!known.contains(key)) {
                String hint = known.stream().filter(k -> k.equalsIgnoreCase(key)).findFirst()
                        .map(k -> " (field names are case-sensitive: did you mean " + k + "?)").orElse("");
                warn(keyNode(m, key), path.isEmpty() ? key : path + "." + key, "unknown field, ignored" + hint);
            }
        }
    }

    /** The key of {@code field} in {@code m} as a node, for problems about the field itself; {@code m} if absent. */
    static Node keyNode(Node.MapNode m, String field) {
        int[] kl = m.keyLocations().get(field);
        return kl == null ? m : new Node.Scalar(field, Node.Scalar.Kind.STRING, kl[0], kl[1]);
    }

    /** {@code n}, or {@code parent} when {@code n} is absent, so a problem about a missing value still has a line. */
    static Node either(Node n, Node parent) {
        return n != null ? n : parent;
    }

    static boolean isNull(Node n) {
        return n == null || (n instanceof Node.Scalar s && s.kind() == Node.Scalar.Kind.NULL);
    }
}
