package io.flowaudit.benchmarks.workload;

import io.flowaudit.flow.Flow;
import io.flowaudit.flow.FlowType;
import io.flowaudit.flow.ReplyState;
import io.flowaudit.policy.CiliumVersion;
import io.flowaudit.policy.model.Policy;
import io.flowaudit.policy.parse.ParseProblem;
import io.flowaudit.policy.parse.ParseResult;
import io.flowaudit.policy.parse.PolicyParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A realistic, deterministic benchmark workload: a cluster of pods with Hubble-style identities, a policy set
 * written as YAML (and parsed by the real {@link PolicyParser}), and Hubble traffic between them, either as
 * in-memory {@link Flow}s or as a {@code hubble observe -o json} file. The same {@link Config} always gives the
 * same policies, flows and bytes.
 *
 * <p>Run as a program to write the files: {@code Workload --out DIR [--lines N] [--policies N]
 * [--identities N] [--namespaces N] [--seed S]} writes {@code DIR/policies/*.yaml} and {@code DIR/flows.jsonl}.
 */
public final class Workload {
    /** 2026-05-12T08:00:00Z, the start of the generated capture. */
    private static final long START_NANOS = Instant.parse("2026-05-12T08:00:00Z").getEpochSecond() * 1_000_000_000L;

    /**
     * What to generate.
     *
     * @param policies policy objects in total (CiliumNetworkPolicies plus 1% CiliumClusterwideNetworkPolicies)
     * @param namespaces namespaces the CNPs are spread over
     * @param identities pod security identities (one pod each)
     * @param seed the random seed; equal configs give equal workloads
     */
    public record Config(int policies, int namespaces, int identities, long seed) {
        public Config {
            if (namespaces < 1 || policies < 1) {
                throw new IllegalArgumentException("policies and namespaces must be positive: " + policies + ", "
                        + namespaces);
            }
            if (identities < namespaces * Cluster.ROLES.length) {
                throw new IllegalArgumentException("identities must be at least namespaces x " + Cluster.ROLES.length
                        + " (every namespace runs every app): " + identities + " < " + namespaces * Cluster.ROLES.length);
            }
        }

        public static Config defaults() {
            return new Config(1_000, 50, 10_000, 42);
        }
    }

    /** Which flows {@link #flows} returns. */
    public enum Mix {
        /** Every generated event: verdicts, traces, replies, drops, DNS and HTTP L7, socket-LB records. */
        REALISTIC,
        /** Only L3/L4 connection attempts (no replies, L7 or socket-LB records): every one does two policy lookups. */
        L3L4_REQUESTS
    }

    private final Config config;
    private final Cluster cluster;
    private final PolicyGenerator policies;
    private final CallGraph graph;

    private Workload(Config config) {
        this.config = Objects.requireNonNull(config, "config can't be null");
        SplittableRandom rnd = new SplittableRandom(config.seed());
        this.cluster = new Cluster(config.namespaces(), config.identities(), rnd.nextLong());
        this.graph = new CallGraph(cluster, new SplittableRandom(rnd.nextLong()));
        this.policies = new PolicyGenerator(cluster, graph, config.policies(), new SplittableRandom(rnd.nextLong()));
    }

    public static Workload generate(Config config) {
        return new Workload(config);
    }

    public Config config() {
        return config;
    }

    public Cluster cluster() {
        return cluster;
    }

    /** The policy files, file name to YAML text (multi-document), in a stable order. */
    public Map<String, String> policyFiles() {
        Map<String, String> out = new LinkedHashMap<>();
        for (PolicyGenerator.PolicyFile f : policies.files()) {
            out.put(f.name(), f.text());
        }
        return out;
    }

    /** Number of policy objects in {@link #policyFiles()}. */
    public int policyCount() {
        return policies.total();
    }

    /**
     * Parses the YAML with the real parser.
     *
     * @throws IllegalStateException if any object is rejected or any error is reported (a generator bug)
     */
    public List<Policy> parsePolicies() {
        PolicyParser parser = new PolicyParser(CiliumVersion.DEFAULT);
        List<Policy> out = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Map.Entry<String, String> f : policyFiles().entrySet()) {
            ParseResult r = parser.parse(f.getKey(), f.getValue());
            out.addAll(r.policies());
            for (ParseProblem p : r.problems()) {
                errors.add(p.format());
            }
            r.rejected().forEach(x -> errors.add(f.getKey() + ": rejected " + x));
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("generated policies do not parse cleanly: "
                    + String.join("\n", errors.subList(0, Math.min(20, errors.size()))));
        }
        return out;
    }

    /**
     * A security identity as flows carry it.
     *
     * @param id numeric identity
     * @param labels Hubble's labels, sorted
     */
    public record IdentityLabels(long id, List<String> labels) {
    }

    /** Every identity the traffic uses: pods, kube-dns, world, CIDR identities, host, remote nodes, health. */
    public List<IdentityLabels> identities() {
        List<IdentityLabels> out = new ArrayList<>();
        for (Cluster.Pod p : cluster.pods()) {
            out.add(new IdentityLabels(p.identity(), p.labels()));
        }
        out.add(new IdentityLabels(cluster.coreDns().identity(), cluster.coreDns().labels()));
        out.add(new IdentityLabels(1, List.of("reserved:host")));
        out.add(new IdentityLabels(2, List.of("reserved:world")));
        out.add(new IdentityLabels(4, List.of("reserved:health")));
        out.add(new IdentityLabels(6, List.of("reserved:remote-node")));
        out.add(new IdentityLabels(7, List.of("reserved:kube-apiserver", "reserved:remote-node")));
        List<String> cidrs = policies.namedCidrs();
        for (int i = 0; i < cidrs.size(); i++) {
            out.add(new IdentityLabels(16_777_217L + i, List.of("cidr:" + cidrs.get(i), "reserved:world")));
        }
        return out;
    }

    /** A new, deterministic event stream (each call starts over). */
    TrafficGenerator traffic() {
        return new TrafficGenerator(cluster, graph, policies, config.seed() * 31 + 7, START_NANOS);
    }

    /** The first {@code count} flows of the traffic (of the given mix), as the reader would produce them. */
    public Flow[] flows(int count, Mix mix) {
        TrafficGenerator t = traffic();
        Flow[] out = new Flow[count];
        int n = 0;
        while (n < count) {
            FlowEvent e = t.next();
            if (mix == Mix.L3L4_REQUESTS && (e.kind == FlowEvent.Kind.SOCK || e.flow.type() != FlowType.L3_L4
                    || e.flow.reply() == ReplyState.REPLY)) {
                continue;
            }
            out[n++] = e.flow;
        }
        return out;
    }

    /** Writes {@code lines} Hubble JSON lines to {@code file}; returns the number of bytes written. */
    public long writeHubbleJson(Path file, long lines) throws IOException {
        TrafficGenerator t = traffic();
        HubbleJsonWriter json = new HubbleJsonWriter();
        long bytes = 0;
        try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8),
                1 << 16)) {
            for (long i = 0; i < lines; i++) {
                CharSequence line = json.line(t.next());
                w.append(line).append('\n');
                bytes += line.length() + 1; // ASCII only
            }
        }
        return bytes;
    }

    /** The first {@code lines} Hubble JSON lines, for tests and small benchmarks. */
    public List<String> hubbleJsonLines(int lines) {
        TrafficGenerator t = traffic();
        HubbleJsonWriter json = new HubbleJsonWriter();
        List<String> out = new ArrayList<>(lines);
        for (int i = 0; i < lines; i++) {
            out.add(json.line(t.next()).toString());
        }
        return out;
    }

    /** Writes one YAML file per namespace (and one for the cluster-wide policies) into {@code dir}. */
    public void writePolicies(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, String> f : policyFiles().entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
    }

    public static void main(String[] args) throws IOException {
        Config d = Config.defaults();
        Path out = null;
        long lines = 1_000_000;
        int policies = d.policies();
        int identities = d.identities();
        int namespaces = d.namespaces();
        long seed = d.seed();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--lines" -> lines = Long.parseLong(args[++i]);
                case "--policies" -> policies = Integer.parseInt(args[++i]);
                case "--identities" -> identities = Integer.parseInt(args[++i]);
                case "--namespaces" -> namespaces = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("usage: Workload --out DIR [--lines N] [--policies N] [--identities N]"
                            + " [--namespaces N] [--seed S]");
                    System.exit(2);
                }
            }
        }
        if (out == null) {
            System.err.println("usage: Workload --out DIR [--lines N] ...");
            System.exit(2);
        }
        long start = System.nanoTime();
        Workload w = generate(new Config(policies, namespaces, identities, seed));
        List<Policy> parsed = w.parsePolicies();
        w.writePolicies(out.resolve("policies"));
        long bytes = w.writeHubbleJson(out.resolve("flows.jsonl"), lines);
        System.err.printf(java.util.Locale.ROOT, "workload: %d policy objects (%d parsed) in %s, %d lines (%.0f bytes/line)"
                        + " in %s, %.1f s%n", w.policyCount(), parsed.size(), out.resolve("policies"), lines,
                (double) bytes / Math.max(1, lines), out.resolve("flows.jsonl"), (System.nanoTime() - start) / 1e9);
    }
}
