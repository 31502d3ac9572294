package io.flowaudit.policy.parse;

import io.flowaudit.policy.CiliumVersion;
import io.flowaudit.policy.model.Policy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads policy files and directories (recursively: {@code .yaml}, {@code .yml}, {@code .json}). One bad file
 * never stops the others; the result says which objects and files were rejected and why.
 */
public final class PolicyLoader {
    private final PolicyParser parser;

    public PolicyLoader(CiliumVersion version) {
        this.parser = new PolicyParser(java.util.Objects.requireNonNull(version, "version can't be null"));
    }

    /** Everything loaded from a set of paths. */
    public record LoadResult(List<Policy> policies, Map<String, ParseResult> perFile, List<String> unreadable) {
        public LoadResult {
            policies = List.copyOf(policies);
            perFile = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perFile));
            unreadable = List.copyOf(unreadable);
        }

        public List<ParseProblem> problems() {
            return perFile.values().stream().flatMap(r -> r.problems().stream()).toList();
        }

        public List<String> rejected() {
            List<String> out = new ArrayList<>();
            perFile.forEach((f, r) -> r.rejected().forEach(o -> out.add(f + ": " + o)));
            out.addAll(unreadable);
            return out;
        }

        public int fileCount() {
            return perFile.size() + unreadable.size();
        }
    }

    public LoadResult load(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (Path p : paths) {
            collect(p, files, unreadable);
        }
        List<Policy> policies = new ArrayList<>();
        Map<String, ParseResult> perFile = new LinkedHashMap<>();
        for (Path f : files) {
            String text;
            try {
                text = Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                unreadable.add(f + ": cannot read: " + e.getMessage());
                continue;
            }
            ParseResult r = parser.parse(f.toString(), text);
            perFile.put(f.toString(), r);
            policies.addAll(r.policies());
        }
        // The same object in two files: the later file wins, as "kubectl apply -f dir" would (files are sorted).
        List<ParseProblem> duplicates = new ArrayList<>();
        List<Policy> latest = PolicyParser.latestDefinitions(policies, duplicates);
        for (ParseProblem d : duplicates) {
            perFile.computeIfPresent(d.location().file(), (k, r) -> {
                List<ParseProblem> problems = new ArrayList<>(r.problems());
                problems.add(d);
                return new ParseResult(r.policies(), problems, r.rejected(), r.ignored());
            });
        }
        return new LoadResult(latest, perFile, unreadable);
    }

    private static void collect(Path p, List<Path> files, List<String> unreadable) {
        if (Files.isDirectory(p)) {
            try (Stream<Path> s = Files.walk(p)) {
                s.filter(Files::isRegularFile).filter(PolicyLoader::isPolicyFile).sorted().forEach(files::add);
            } catch (IOException e) {
                unreadable.add(p + ": cannot list directory: " + e.getMessage());
            }
        } else if (Files.isRegularFile(p)) {
            files.add(p);
        } else {
            unreadable.add(p + ": no such file or directory");
        }
    }

    private static boolean isPolicyFile(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }
}
