package io.flowaudit.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import picocli.CommandLine;

/**
 * Kafka client and Streams properties from a properties file and {@code --set key=value} pairs, so TLS, SASL
 * and any other client setting work as users configure their other Kafka clients. Secrets never print.
 */
final class KafkaSettings {
    private static final List<String> SECRET_MARKERS = List.of("password", "secret", "jaas", "user.info", "token",
            "credentials", "key.pem", "keystore.key");

    private KafkaSettings() {
    }

    static Properties load(CommandLine cl, Path file, List<String> sets) {
        Properties p = new Properties();
        if (file != null) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new CommandLine.ParameterException(cl, "--config " + file + ": cannot read: " + e.getMessage());
            }
        }
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(cl, "--set '" + s + "': expected key=value, e.g. --set"
                        + " security.protocol=SSL");
            }
            p.setProperty(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        return p;
    }

    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return SECRET_MARKERS.stream().anyMatch(k::contains);
    }

    /** The effective configuration with every secret value hidden, one {@code key=value} per line, sorted. */
    static String redacted(Map<?, ?> props) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(props.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                e -> String.valueOf(e.getKey()), e -> String.valueOf(e.getValue()), (a, b) -> b)))
                .forEach((k, v) -> sb.append("  ").append(k).append('=').append(isSecret(k) ? "[hidden]" : v).append('\n'));
        return sb.toString();
    }
}
