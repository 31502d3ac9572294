package io.flowaudit.policy.model;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A label selector: all requirements ANDed; {@code {}} (no requirements) matches every identity (R14). */
public record Selector(List<Requirement> requirements) {
    public static final Selector ALL = new Selector(List.of());

    public Selector {
        requirements = List.copyOf(requirements);
    }

    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    /** True if some requirement names {@code key} with source {@code source} or without source. */
    public boolean names(String source, String key) {
        for (Requirement r : requirements) {
            if (r.key().equals(key) && (r.source().equals(source) || r.source().equals(Requirement.ANY_SOURCE))) {
                return true;
            }
        }
        return false;
    }

    public boolean hasSource(String source) {
        return requirements.stream().anyMatch(r -> r.source().equals(source));
    }

    public boolean hasKeyPrefix(String prefix) {
        return requirements.stream().anyMatch(r -> r.key().startsWith(prefix));
    }

    public Selector with(Requirement extra) {
        List<Requirement> all = new ArrayList<>(requirements);
        all.add(extra);
        return new Selector(all);
    }

    /** Drops requirements on {@code source:key} written with exactly that source. */
    public Selector without(String source, String key) {
        return new Selector(requirements.stream()
                .filter(r -> !(r.source().equals(source) && r.key().equals(key)))
                .toList());
    }

    @Override
    public String toString() {
        return requirements.isEmpty() ? "{}" : requirements.stream().map(Requirement::toString)
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
