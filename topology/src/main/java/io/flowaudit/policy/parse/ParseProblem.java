package io.flowaudit.policy.parse;

import java.util.Objects;

/**
 * One problem found while reading policies. Errors reject the whole object (semantics R4); warnings
 * (unknown fields, defaults applied) never do.
 *
 * @param path field path inside the object, e.g. {@code spec.egress[0].toPorts[0].ports[0].port}
 */
public record ParseProblem(Severity severity, SourceLocation location, String object, String path, String message) {
    public enum Severity { ERROR, WARNING }

    public ParseProblem {
        Objects.requireNonNull(severity, "severity can't be null");
        Objects.requireNonNull(location, "location can't be null");
        object = object == null ? "" : object;
        path = path == null ? "" : path;
        Objects.requireNonNull(message, "message can't be null");
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line: error: Kind/ns/name spec.x: message}, one line. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(location.file()).append(':').append(location.line());
        if (location.column() > 0) {
            sb.append(':').append(location.column());
        }
        sb.append(": ").append(severity == Severity.ERROR ? "error" : "warning");
        sb.append(" (document ").append(location.document()).append(')');
        if (!object.isEmpty()) {
            sb.append(' ').append(object);
        }
        if (!path.isEmpty()) {
            sb.append(' ').append(path);
        }
        sb.append(": ").append(message);
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
