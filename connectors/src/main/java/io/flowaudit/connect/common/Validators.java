package io.flowaudit.connect.common;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * {@link ConfigDef.Validator}s shared by flowaudit's connectors. Each names the offending key and value in its
 * {@link ConfigException}; all accept {@code null} for optional settings (a required setting is checked by the
 * connector config, which knows which mode needs it).
 */
public final class Validators {
    private Validators() {
    }

    /** An existing, readable regular file, or null/empty for "not set". */
    public static ConfigDef.Validator readableFile() {
        return new PathValidator(false);
    }

    /** An existing, readable directory, or null/empty for "not set". */
    public static ConfigDef.Validator readableDirectory() {
        return new PathValidator(true);
    }

    /** A list whose every element is non-blank (an empty list is fine). */
    public static ConfigDef.Validator nonBlankElements() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return;
                }
                for (Object element : (Collection<?>) value) {
                    if (element == null || element.toString().isBlank()) {
                        throw new ConfigException(name, value, "list elements must not be blank");
                    }
                }
            }

            @Override
            public String toString() {
                return "list of non-blank strings";
            }
        };
    }

    /** A list whose every element is one of {@code allowed} (exact spelling); an empty list is fine. */
    public static ConfigDef.Validator elementsIn(Collection<String> allowed) {
        Set<String> choices = new TreeSet<>(allowed);
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return;
                }
                for (Object element : (Collection<?>) value) {
                    if (!choices.contains(String.valueOf(element))) {
                        throw new ConfigException(name, value, "\"" + element + "\" is not one of " + choices);
                    }
                }
            }

            @Override
            public String toString() {
                return "any of " + choices;
            }
        };
    }

    /** One of {@code allowed}, ignoring case (Kafka's own {@code CaseInsensitiveValidString} with a shorter text). */
    public static ConfigDef.Validator oneOf(String... allowed) {
        List<String> choices = List.of(allowed);
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                String text = value == null ? null : value.toString().toLowerCase(Locale.ROOT);
                if (text == null || choices.stream().noneMatch(c -> c.toLowerCase(Locale.ROOT).equals(text))) {
                    throw new ConfigException(name, value, "expected one of " + choices);
                }
            }

            @Override
            public String toString() {
                return String.join(", ", choices);
            }
        };
    }

    private static final class PathValidator implements ConfigDef.Validator {
        private final boolean directory;

        PathValidator(boolean directory) {
            this.directory = directory;
        }

        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || value.toString().isBlank()) {
                return;
            }
            Path path;
            try {
                path = Path.of(value.toString());
            } catch (InvalidPathException e) {
                throw new ConfigException(name, value, "not a valid path: " + e.getReason());
            }
            boolean kindOk = directory ? Files.isDirectory(path) : Files.isRegularFile(path);
            if (!kindOk || !Files.isReadable(path)) {
                throw new ConfigException(name, value, "expected a readable " + (directory ? "directory" : "file"));
            }
        }

        @Override
        public String toString() {
            return "path of a readable " + (directory ? "directory" : "file") + ", or empty";
        }
    }
}
