package io.flowaudit.policy.model;

import java.util.Locale;
import java.util.Optional;

/** Label selector operators (R13). */
public enum Operator {
    IN, NOT_IN, EXISTS, DOES_NOT_EXIST;

    /** Parses the Kubernetes spelling ({@code In}, {@code NotIn}, {@code Exists}, {@code DoesNotExist}). */
    public static Optional<Operator> parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "in" -> Optional.of(IN);
            case "notin" -> Optional.of(NOT_IN);
            case "exists" -> Optional.of(EXISTS);
            case "doesnotexist" -> Optional.of(DOES_NOT_EXIST);
            default -> Optional.empty();
        };
    }
}
