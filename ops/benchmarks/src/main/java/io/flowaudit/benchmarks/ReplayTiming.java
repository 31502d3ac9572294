package io.flowaudit.benchmarks;

import io.flowaudit.benchmarks.workload.Workload;
import io.flowaudit.cli.Main;
import io.flowaudit.flow.hubble.HubbleJsonReader;
import io.flowaudit.flow.hubble.ReadEvent;
import io.flowaudit.flow.hubble.ReadStats;
import io.flowaudit.policy.CiliumVersion;
import io.flowaudit.policy.EngineOptions;
import io.flowaudit.policy.compile.PolicyCompiler;
import io.flowaudit.policy.compile.PolicyTables;
import io.flowaudit.policy.eval.FlowEvaluator;
import io.flowaudit.policy.eval.LearnedNames;
import io.flowaudit.policy.model.IdentityCache;
import io.flowaudit.policy.parse.PolicyLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The replay target side by side with its baseline, in one run: a plain single-threaded Jackson streaming parse
 * of a generated Hubble JSON file ({@link PlainJsonParse}) against {@code flowaudit replay} of the same file
 * ({@code Main.run("replay", ..., "--out", "/dev/null")}: policy loading, HubbleJsonReader, FlowEvaluator and
 * the verdict JSON writer). Intermediate steps show where the time goes: {@code plain-lines} (the baseline with
 * a new parser per line), {@code reader} (HubbleJsonReader alone), {@code decide} (reader plus evaluator, no
 * output) and {@code replay-launcher} (replay with the JVM flags of {@code ops/flowaudit}: C1 only).
 *
 * <p>Each measurement runs in a fresh JVM with the same flags (timed from the parent, JVM start included, as
 * the DESIGN baseline was measured; the child's own in-process time is shown too), alternating steps, for
 * {@code --rounds} rounds; the best round of each step counts. {@code --in-process} runs everything in this JVM
 * instead (handy under a profiler).
 *
 * <pre>
 * ReplayTiming --dir DIR [--lines N] [--rounds R] [--steps plain,plain-lines,reader,decide,replay,replay-launcher]
 *              [--jvm "FLAGS"] [--in-process]
 * </pre>
 * The workload ({@code DIR/flows.jsonl}, {@code DIR/policies/}) is generated when missing or when its size or
 * config differ.
 */
public final class ReplayTiming {
    /** The JVM flags of both sides of the comparison. */
    private static final String DEFAULT_JVM = "-Xms1g -Xmx1g -XX:+UseParallelGC";
    /** What ops/flowaudit starts the command line with (C1 only). */
    private static final String LAUNCHER_JVM = "-Xss2m -Xmx1g -XX:+UseParallelGC -XX:TieredStopAtLevel=1";
    private static final String RESULT = "RESULT ";

    private ReplayTiming() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        Path dir = Path.of(opt.getOrDefault("--dir", "ops/benchmarks/target/workload"));
        if (opt.containsKey("--child")) {
            child(opt.get("--child"), dir);
            return;
        }
        long lines = Long.parseLong(opt.getOrDefault("--lines", "1000000"));
        int rounds = Integer.parseInt(opt.getOrDefault("--rounds", "2"));
        List<String> steps = Arrays.asList(opt.getOrDefault("--steps", "plain,reader,decide,replay").split(","));
        String jvm = opt.getOrDefault("--jvm", DEFAULT_JVM);
        boolean inProcess = opt.containsKey("--in-process");
        ensureWorkload(dir, lines);
        long bytes = Files.size(dir.resolve("flows.jsonl"));

        System.out.printf(Locale.ROOT, "replay-timing: %s, %d lines, %.0f bytes/line, %d policy files; JDK %s, %d cpus;"
                        + " %s%n", dir.resolve("flows.jsonl"), lines, (double) bytes / lines,
                countPolicyFiles(dir), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                inProcess ? "in-process" : "one JVM per step, flags: " + jvm);
        Map<String, long[]> best = new LinkedHashMap<>(); // step -> {wallNanos, innerNanos, flows}
        for (int r = 1; r <= rounds; r++) {
            for (String step : steps) {
                long[] m = inProcess ? runInProcess(step, dir) : runChild(step, dir, jvm);
                double wallRate = m[2] / (m[0] / 1e9);
                double innerRate = m[2] / (m[1] / 1e9);
                System.out.printf(Locale.ROOT, "  round %d %-16s %,10d flows  wall %6.2f s (%,9.0f flows/s)  in-process"
                        + " %6.2f s (%,9.0f flows/s)%n", r, step, m[2], m[0] / 1e9, wallRate, m[1] / 1e9, innerRate);
                long[] b = best.get(step);
                if (b == null || m[0] < b[0]) {
                    best.put(step, m);
                }
            }
        }
        System.out.println("best of " + rounds + " (flows/s; wall = JVM start included):");
        for (Map.Entry<String, long[]> e : best.entrySet()) {
            long[] m = e.getValue();
            System.out.printf(Locale.ROOT, "  %-16s wall %,9.0f   in-process %,9.0f   %6.1f MB/s (wall)%n", e.getKey(),
                    m[2] / (m[0] / 1e9), m[2] / (m[1] / 1e9), bytes / 1e6 / (m[0] / 1e9));
        }
        if (best.containsKey("plain") && best.containsKey("replay")) {
            long[] p = best.get("plain");
            long[] q = best.get("replay");
            double plain = p[2] / (p[0] / 1e9);
            double replay = q[2] / (q[0] / 1e9);
            double plainIn = p[2] / (p[1] / 1e9);
            double replayIn = q[2] / (q[1] / 1e9);
            System.out.printf(Locale.ROOT, "SUMMARY replay-timing: %d lines (%.0f B/line): plain Jackson parse %,.0f"
                            + " flows/s, replay %,.0f flows/s, ratio %.2f (target >= 0.80; wall, JVM start included);"
                            + " in-process %,.0f vs %,.0f, ratio %.2f%n", lines, (double) bytes / lines, plain, replay,
                    replay / plain, plainIn, replayIn, replayIn / plainIn);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--in-process")) {
                opt.put(a, "true");
            } else if (a.startsWith("--") && i + 1 < args.length) {
                opt.put(a, args[++i]);
            } else {
                System.err.println("usage: ReplayTiming --dir DIR [--lines N] [--rounds R] [--steps plain,plain-lines,"
                        + "reader,decide,replay,replay-launcher] [--jvm \"FLAGS\"] [--in-process]");
                System.exit(2);
            }
        }
        return opt;
    }

    /** Generates the workload unless DIR already holds one of this size and config. */
    static void ensureWorkload(Path dir, long lines) throws IOException {
        Workload.Config c = Workload.Config.defaults();
        String want = "lines=" + lines + " policies=" + c.policies() + " namespaces=" + c.namespaces() + " identities="
                + c.identities() + " seed=" + c.seed();
        Path marker = dir.resolve("workload.properties");
        if (Files.exists(marker) && Files.exists(dir.resolve("flows.jsonl"))) {
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(marker)) {
                p.load(in);
            }
            if (want.equals(p.getProperty("workload"))) {
                return;
            }
        }
        System.out.println("replay-timing: generating the workload in " + dir + " (" + want + ")");
        long start = System.nanoTime();
        Files.createDirectories(dir);
        Workload w = Workload.generate(c);
        w.parsePolicies();
        Path policies = dir.resolve("policies");
        if (Files.isDirectory(policies)) {
            try (var s = Files.list(policies)) {
                for (Path f : s.toList()) {
                    Files.delete(f);
                }
            }
        }
        w.writePolicies(policies);
        long bytes = w.writeHubbleJson(dir.resolve("flows.jsonl"), lines);
        Files.writeString(marker, "workload=" + want + "\n");
        System.out.printf(Locale.ROOT, "replay-timing: wrote %d policy objects and %,d bytes in %.1f s%n",
                w.policyCount(), bytes, (System.nanoTime() - start) / 1e9);
    }

    private static long countPolicyFiles(Path dir) throws IOException {
        try (var s = Files.list(dir.resolve("policies"))) {
            return s.count();
        }
    }

    /** Runs one step in a fresh JVM; returns {wallNanos, innerNanos, flows}. */
    private static long[] runChild(String step, Path dir, String jvmFlags) throws IOException, InterruptedException {
        String flags = step.equals("replay-launcher") ? LAUNCHER_JVM : jvmFlags;
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(flags.trim().split("\\s+")));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ReplayTiming.class.getName());
        cmd.add("--child");
        cmd.add(step);
        cmd.add("--dir");
        cmd.add(dir.toString());
        long start = System.nanoTime();
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        long[] result = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith(RESULT)) {
                    String[] f = line.substring(RESULT.length()).split(" ");
                    result = new long[] {0, Long.parseLong(f[1]), Long.parseLong(f[0])};
                } else {
                    output.add(line);
                }
            }
        }
        int rc = proc.waitFor();
        long wall = System.nanoTime() - start;
        if (rc != 0 || result == null) {
            throw new IllegalStateException("step " + step + " failed (exit " + rc + "): " + String.join("\n", output));
        }
        result[0] = wall;
        return result;
    }

    private static long[] runInProcess(String step, Path dir) throws IOException {
        long start = System.nanoTime();
        long flows = run(step, dir);
        long t = System.nanoTime() - start;
        return new long[] {t, t, flows};
    }

    private static void child(String step, Path dir) throws IOException {
        long start = System.nanoTime();
        long flows = run(step, dir);
        long t = System.nanoTime() - start;
        System.out.println(RESULT + flows + " " + t);
    }

    /** Runs one step; returns the number of flows it handled. */
    static long run(String step, Path dir) throws IOException {
        Path flows = dir.resolve("flows.jsonl");
        Path policies = dir.resolve("policies");
        switch (step) {
            case "plain" -> {
                long[] r = PlainJsonParse.run(flows);
                if (r[1] == 42) {
                    System.out.println("(checksum " + r[1] + ")");
                }
                return r[0];
            }
            case "plain-lines" -> {
                long[] r = PlainJsonParse.runPerLine(flows);
                if (r[1] == 42) {
                    System.out.println("(checksum " + r[1] + ")");
                }
                return r[0];
            }
            case "reader" -> {
                long[] count = new long[1];
                ReadStats stats = new HubbleJsonReader().read(flows, ev -> {
                    if (ev instanceof ReadEvent.ParsedFlow) {
                        count[0]++;
                    }
                });
                return stats.flows();
            }
            case "decide" -> {
                EngineOptions options = EngineOptions.defaults();
                PolicyLoader.LoadResult loaded = new PolicyLoader(CiliumVersion.DEFAULT).load(List.of(policies));
                PolicyTables tables = new PolicyCompiler(options).compile(loaded.policies(), 1);
                FlowEvaluator evaluator = new FlowEvaluator(tables, new IdentityCache(), new LearnedNames());
                long[] denied = new long[1];
                ReadStats stats = new HubbleJsonReader().read(flows, ev -> {
                    if (ev instanceof ReadEvent.ParsedFlow pf && evaluator.decide(pf.flow()).isDenied()) {
                        denied[0]++;
                    }
                });
                System.out.println("decide: " + denied[0] + " denied, " + tables.portTableCount() + " port tables");
                return stats.flows();
            }
            case "replay", "replay-launcher" -> {
                int rc = Main.run("replay", "--policies", policies.toString(), "--flows", flows.toString(), "--out",
                        "/dev/null", "--quiet");
                if (rc != 0) {
                    throw new IllegalStateException("flowaudit replay exited with " + rc);
                }
                return countLines(flows);
            }
            default -> throw new IllegalArgumentException("unknown step " + step
                    + ": use plain, plain-lines, reader, decide, replay or replay-launcher");
        }
    }

    /** Lines of the generated file (every line is a flow), without reading it again when the marker says. */
    private static long countLines(Path flows) throws IOException {
        Path marker = flows.resolveSibling("workload.properties");
        if (Files.exists(marker)) {
            String w = Files.readString(marker);
            int i = w.indexOf("lines=");
            if (i >= 0) {
                return Long.parseLong(w.substring(i + 6, w.indexOf(' ', i)));
            }
        }
        throw new IllegalStateException("no workload.properties next to " + flows);
    }
}
