package io.flowaudit.connect.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The version of flowaudit's Connect plugins, as {@code Connector.version()} and {@code Task.version()} report it
 * (Connect shows it in {@code GET /connector-plugins}). It is read from the {@code build.version} resource, which
 * Maven filters with the project version at build time.
 */
public final class Version {
    private static final String RESOURCE = "build.version";
    private static final String VERSION = load();

    private Version() {
    }

    /** The plugin version, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when the resource is missing. */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            // an unfiltered resource (running from an IDE without Maven's resource step) still says ${...}
            return text.isEmpty() || text.startsWith("${") ? "unknown" : text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
