package io.flowaudit.flow.hubble;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the team's shared test data directory ({@code shared/} beside the project root). */
final class SharedTestData {
    private static final String PROPERTY = "flowaudit.shared.dir";

    private SharedTestData() {
    }

    /** The shared directory: the system property set by surefire, else found relative to the working directory. */
    static Path dir() {
        Stream<Path> candidates = Stream.concat(
                Optional.ofNullable(System.getProperty(PROPERTY)).map(Path::of).stream(),
                Stream.of(Path.of("../../shared"), Path.of("../shared")));
        List<Path> tried = candidates.map(Path::toAbsolutePath).map(Path::normalize).toList();
        return tried.stream()
                .filter(dir -> Files.isDirectory(dir.resolve("testdata")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("shared test data not found; tried " + tried
                        + " (set -D" + PROPERTY + ")"));
    }

    static Path seedScenarios() {
        return dir().resolve("testdata/flows/seed-scenarios.jsonl");
    }

    static Path upstreamFlowsDir() {
        return dir().resolve("testdata/upstream-flows");
    }

    static Path upstreamFlows(String fileName) {
        return upstreamFlowsDir().resolve(fileName);
    }
}
