package io.flowaudit.benchmarks;

import io.flowaudit.benchmarks.workload.Workload;
import io.flowaudit.flow.Flow;
import io.flowaudit.policy.CiliumVersion;
import io.flowaudit.policy.EngineOptions;
import io.flowaudit.policy.compile.PolicyCompiler;
import io.flowaudit.policy.compile.PolicyTables;
import io.flowaudit.policy.eval.Decision;
import io.flowaudit.policy.eval.FlowEvaluator;
import io.flowaudit.policy.eval.LearnedNames;
import io.flowaudit.policy.model.IdentityCache;
import io.flowaudit.policy.model.Policy;
import io.flowaudit.policy.parse.PolicyParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The policy engine against the DESIGN targets, on the default {@link Workload} (1,000 policies over 50
 * namespaces, 10,000 pod identities, realistic Hubble traffic), single-threaded:
 * <ul>
 *   <li>{@link #warmDecide}: one {@code FlowEvaluator.decide} per op over a large array of pre-built flows, with
 *       identities already in the evaluator's {@link IdentityCache} and the snapshot's caches filled (target
 *       &ge; 5,000,000 decisions/s on one core). {@code mix=L3L4_REQUESTS} keeps only connection attempts
 *       (two port-table lookups each); {@code REALISTIC} is the whole capture (replies, L7, socket-LB).</li>
 *   <li>{@link #coldSnapshot10k} / {@link #coldSnapshot100k}: a fresh {@code PolicyCompiler.compile} snapshot
 *       before every 10,000 / 100,000 flows, so subjects, peer classes and port tables are resolved from scratch;
 *       the compile itself is not timed (target &ge; 500,000 flows/s).</li>
 *   <li>{@link #churnCompileEvery100k}: the same with the compile inside the timed region.</li>
 *   <li>{@link #compile} and {@link #parse}: compiling and parsing (YAML, real parser) the 1,000 policies, ms.</li>
 * </ul>
 * Run: {@code ops/benchmarks/jmh.sh EngineBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class EngineBenchmark {
    /** Flows in the in-memory arrays; a power of two. */
    static final int FLOWS = 1 << 18;

    /** The workload and its parsed policies, built once per fork. */
    @State(Scope.Benchmark)
    public static class Inputs {
        @Param("1000")
        public int policies;

        @Param("10000")
        public int identities;

        Workload workload;
        List<Policy> parsed;
        PolicyCompiler compiler;

        @Setup(Level.Trial)
        public void setup() {
            workload = Workload.generate(new Workload.Config(policies, 50, identities, 42));
            parsed = workload.parsePolicies();
            compiler = new PolicyCompiler(EngineOptions.defaults());
        }

        /** An identity cache holding every identity of the workload, as the evaluator would after a while. */
        IdentityCache warmIdentities() {
            IdentityCache ids = new IdentityCache();
            for (Workload.IdentityLabels i : workload.identities()) {
                ids.resolve(i.id(), i.labels());
            }
            return ids;
        }
    }

    /** Warm caches: one snapshot, every flow of the array decided twice before measuring. */
    @State(Scope.Thread)
    public static class Warm {
        @Param({"L3L4_REQUESTS", "REALISTIC"})
        public Workload.Mix mix;

        /** Size of the flow array (a power of two); smaller arrays touch fewer cache entries. */
        @Param("262144")
        public int flowCount;

        FlowEvaluator evaluator;
        Flow[] flows;
        int next;

        @Setup(Level.Trial)
        public void setup(Inputs in) {
            PolicyTables tables = in.compiler.compile(in.parsed, 1);
            evaluator = new FlowEvaluator(tables, in.warmIdentities(), new LearnedNames());
            if (Integer.bitCount(flowCount) != 1) {
                throw new IllegalArgumentException("flowCount must be a power of two: " + flowCount);
            }
            flows = in.workload.flows(flowCount, mix);
            for (int round = 0; round < 2; round++) {
                for (Flow f : flows) {
                    evaluator.decide(f);
                }
            }
        }

        @TearDown(Level.Trial)
        public void report() {
            System.out.println("\n[warm] port tables: " + evaluator.tables().portTableCount() + ", rules: "
                    + evaluator.tables().ruleCount() + ", elements: " + evaluator.tables().elementCount());
        }
    }

    /** A stream of realistic flows over a warm identity cache, decided batch after batch. */
    public abstract static class FlowStream {
        Inputs in;
        IdentityCache identities;
        Flow[] flows;
        FlowEvaluator evaluator;
        long revision;
        int offset;
        long tablesBuilt;
        long snapshots;

        void init(Inputs inputs) {
            in = inputs;
            identities = in.warmIdentities();
            flows = in.workload.flows(FLOWS, Workload.Mix.REALISTIC);
        }

        /** A new snapshot of the same policies (the next revision): empty caches. */
        void newSnapshot() {
            if (evaluator != null) {
                tablesBuilt += evaluator.tables().portTableCount();
                snapshots++;
            }
            evaluator = new FlowEvaluator(in.compiler.compile(in.parsed, ++revision), identities, new LearnedNames());
        }

        /** Decides {@code count} flows, continuing through the array where the last batch stopped. */
        void decide(int count, Blackhole bh) {
            int mask = flows.length - 1;
            int o = offset;
            for (int i = 0; i < count; i++) {
                bh.consume(evaluator.decide(flows[(o + i) & mask]));
            }
            offset = (o + count) & mask;
        }

        void report(String what) {
            if (snapshots > 0) {
                System.out.println("\n[" + what + "] port tables built per snapshot: " + tablesBuilt / snapshots
                        + " (over " + snapshots + " snapshots)");
            }
        }
    }

    /** Cold caches: a fresh snapshot before each invocation, outside the timed region. */
    @State(Scope.Thread)
    public static class Cold extends FlowStream {
        @Setup(Level.Trial)
        public void setup(Inputs inputs) {
            init(inputs);
        }

        @Setup(Level.Invocation)
        public void freshSnapshot() {
            newSnapshot();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            report("cold");
        }
    }

    /** Policy churn: the benchmark method compiles the new snapshot itself (timed). */
    @State(Scope.Thread)
    public static class Churn extends FlowStream {
        @Setup(Level.Trial)
        public void setup(Inputs inputs) {
            init(inputs);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            report("churn");
        }
    }

    @Benchmark
    public Decision warmDecide(Warm s) {
        Flow f = s.flows[s.next];
        s.next = (s.next + 1) & (s.flows.length - 1);
        return s.evaluator.decide(f);
    }

    @Benchmark
    @Warmup(iterations = 1, time = 1)
    @Measurement(iterations = 3, time = 2)
    @OperationsPerInvocation(10_000)
    public void coldSnapshot10k(Cold s, Blackhole bh) {
        s.decide(10_000, bh);
    }

    @Benchmark
    @Warmup(iterations = 1, time = 1)
    @Measurement(iterations = 3, time = 2)
    @OperationsPerInvocation(100_000)
    public void coldSnapshot100k(Cold s, Blackhole bh) {
        s.decide(100_000, bh);
    }

    @Benchmark
    @Warmup(iterations = 1, time = 1)
    @Measurement(iterations = 3, time = 2)
    @OperationsPerInvocation(100_000)
    public void churnCompileEvery100k(Churn s, Blackhole bh) {
        s.newSnapshot();
        s.decide(100_000, bh);
    }

    @Benchmark
    @Warmup(iterations = 2, time = 1)
    @Measurement(iterations = 3, time = 1)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public PolicyTables compile(Inputs in) {
        return in.compiler.compile(in.parsed, 1);
    }

    @Benchmark
    @Warmup(iterations = 2, time = 1)
    @Measurement(iterations = 3, time = 1)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<Policy> parse(Inputs in) {
        PolicyParser parser = new PolicyParser(CiliumVersion.DEFAULT);
        List<Policy> out = new ArrayList<>();
        for (Map.Entry<String, String> f : in.workload.policyFiles().entrySet()) {
            out.addAll(parser.parse(f.getKey(), f.getValue()).policies());
        }
        return out;
    }
}
