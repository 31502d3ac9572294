package io.flowaudit.policy.model;

import java.util.List;
import java.util.Objects;

/**
 * One requirement of a label selector on the key {@code source:key} (R12, R13).
 * {@code source} is {@code any} when the selector key had no source prefix.
 */
public record Requirement(String source, String key, Operator operator, List<String> values) {
    public static final String ANY_SOURCE = "any";

    public Requirement {
        Objects.requireNonNull(source, "source can't be null");
        Objects.requireNonNull(key, "key can't be null");
        Objects.requireNonNull(operator, "operator can't be null");
        values = List.copyOf(values);
    }

    public static Requirement equalTo(String source, String key, String value) {
        return new Requirement(source, key, Operator.IN, List.of(value));
    }

    public static Requirement exists(String source, String key) {
        return new Requirement(source, key, Operator.EXISTS, List.of());
    }

    /**
     * Parses a selector key as Cilium does: {@code src:key} names a source, a leading {@code $} means
     * {@code reserved:}, anything else has source {@code any}.
     */
    public static Requirement of(String selectorKey, Operator op, List<String> values) {
        if (selectorKey.startsWith("$")) {
            return new Requirement("reserved", selectorKey.substring(1), op, values);
        }
        int colon = selectorKey.indexOf(':');
        if (colon > 0) {
            return new Requirement(selectorKey.substring(0, colon), selectorKey.substring(colon + 1), op, values);
        }
        return new Requirement(ANY_SOURCE, selectorKey, op, values);
    }

    @Override
    public String toString() {
        String k = source + ":" + key;
        return switch (operator) {
            case IN -> values.size() == 1 ? k + "=" + values.get(0) : k + " in " + values;
            case NOT_IN -> k + " notin " + values;
            case EXISTS -> k;
            case DOES_NOT_EXIST -> "!" + k;
        };
    }
}
