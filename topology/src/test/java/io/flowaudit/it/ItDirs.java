package io.flowaudit.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Directories for integration-test files, under {@code target/it} (system property {@code flowaudit.it.dir}). */
final class ItDirs {
    private ItDirs() {
    }

    static Path base() {
        return Path.of(System.getProperty("flowaudit.it.dir", "target/it")).toAbsolutePath();
    }

    /** A fresh, empty directory {@code <base>/<owner>/<what>-<random>}. */
    static Path forTest(String owner, String what) {
        try {
            Path parent = Files.createDirectories(base().resolve(owner));
            return Files.createTempDirectory(parent, what + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory under " + base(), e);
        }
    }
}
