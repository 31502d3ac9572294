package io.flowaudit.policy.advise;

import io.flowaudit.policy.model.Operator;
import io.flowaudit.policy.model.Requirement;
import io.flowaudit.policy.model.Selector;
import java.util.List;

/** Writes a selector back as the YAML a user would write (matchLabels, then matchExpressions). */
final class SelectorYaml {
    private SelectorYaml() {
    }

    static String key(Requirement r) {
        return Requirement.ANY_SOURCE.equals(r.source()) ? r.key() : r.source() + ":" + r.key();
    }

    /** The selector's lines, each prefixed with {@code indent}; {@code {}} for the empty selector. */
    static String write(Selector s, String indent) {
        List<Requirement> labels = s.requirements().stream()
                .filter(r -> r.operator() == Operator.IN && r.values().size() == 1).toList();
        List<Requirement> exprs = s.requirements().stream().filter(r -> !labels.contains(r)).toList();
        if (labels.isEmpty() && exprs.isEmpty()) {
            return indent + "{}\n";
        }
        StringBuilder sb = new StringBuilder();
        if (!labels.isEmpty()) {
            sb.append(indent).append("matchLabels:\n");
            for (Requirement r : labels) {
                sb.append(indent).append("  ").append(quote(key(r))).append(": ").append(quote(r.values().get(0)))
                        .append('\n');
            }
        }
        if (!exprs.isEmpty()) {
            sb.append(indent).append("matchExpressions:\n");
            for (Requirement r : exprs) {
                sb.append(indent).append("- key: ").append(quote(key(r))).append('\n');
                sb.append(indent).append("  operator: ").append(operator(r.operator())).append('\n');
                if (!r.values().isEmpty()) {
                    sb.append(indent).append("  values: [");
                    for (int i = 0; i < r.values().size(); i++) {
                        sb.append(i > 0 ? ", " : "").append(quote(r.values().get(i)));
                    }
                    sb.append("]\n");
                }
            }
        }
        return sb.toString();
    }

    private static String operator(Operator o) {
        return switch (o) {
            case IN -> "In";
            case NOT_IN -> "NotIn";
            case EXISTS -> "Exists";
            case DOES_NOT_EXIST -> "DoesNotExist";
        };
    }

    /** Quotes a scalar when YAML would read it as something else than a plain string. */
    static String quote(String v) {
        if (v.isEmpty() || !v.matches("[A-Za-z0-9][-A-Za-z0-9_./:]*") || v.matches("(?i)true|false|yes|no|on|off|null|~")
                || v.matches("[0-9.]+") || v.contains(": ")) {
            return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return v;
    }
}
