package io.flowaudit.cli;

import io.flowaudit.flow.hubble.HubbleFormatException;
import io.flowaudit.flow.hubble.HubbleJsonReader;
import io.flowaudit.flow.hubble.ReadEvent;
import io.flowaudit.flow.hubble.ReadOptions;
import io.flowaudit.flow.hubble.ReadStats;
import io.flowaudit.policy.EngineOptions;
import io.flowaudit.policy.advise.DnsAlertTracker;
import io.flowaudit.policy.advise.Finding;
import io.flowaudit.policy.compile.PolicyCompiler;
import io.flowaudit.policy.compile.PolicyTables;
import io.flowaudit.policy.eval.Decision;
import io.flowaudit.policy.eval.FlowEvaluator;
import io.flowaudit.policy.eval.LearnedNames;
import io.flowaudit.policy.model.IdentityCache;
import io.flowaudit.policy.parse.PolicyLoader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flowaudit replay}: judge every flow of a Hubble JSON file against a policy set. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluates every flow of a Hubble JSON file (hubble observe -o json, or an exporter file)"
                + " against a policy set and writes one JSON line per input line, in input order.",
                "A summary goes to stderr."},
        footer = {"", "Exit codes: 0 done (bad lines are reported and skipped), 1 unreadable input or a bad line"
                + " under --strict, 2 usage error, 3 policy objects rejected under --strict."})
public final class ReplayCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-p", "--policies"}, paramLabel = "PATH", required = true, arity = "1..*",
            description = "Policy files or directories (YAML, multi-document, or JSON); repeatable.")
    List<Path> policies;

    @Option(names = {"-f", "--flows"}, paramLabel = "FILE", required = true,
            description = "Hubble JSON flow file; '-' reads standard input.")
    String flows;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write verdict lines here instead of stdout.")
    Path out;

    @Option(names = "--strict", description = "Fail on the first bad flow line or rejected policy object.")
    boolean strict;

    @Option(names = {"-q", "--quiet"}, description = "Do not print policy warnings (errors are always printed).")
    boolean quiet;

    @Option(names = "--dns-min-ttl", paramLabel = "SECONDS", defaultValue = "0",
            description = "Minimum lifetime of a DNS-learned address, as the agent's tofqdns-min-ttl (default: ${DEFAULT-VALUE}).")
    long dnsMinTtl;

    @Option(names = "--alerts", paramLabel = "FILE",
            description = "Write alerts (missing DNS rule, refused DNS names) here as JSON lines.")
    Path alerts;

    @Option(names = "--inline-alerts", description = "Append alert records (\"type\":\"alert\", no index) to the"
            + " verdict output after the last verdict.")
    boolean inlineAlerts;

    @Mixin
    EngineOptionsMixin engine;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        EngineOptions options = engine.toOptions(spec.commandLine());
        PolicyLoader.LoadResult loaded = PolicySetLoader.load(policies, options.version(), err, quiet);
        if (strict && !loaded.rejected().isEmpty()) {
            return 3;
        }
        PolicyTables tables = new PolicyCompiler(options).compile(loaded.policies(), 1);
        IdentityCache identities = new IdentityCache();
        FlowEvaluator evaluator = new FlowEvaluator(tables, identities, new LearnedNames(dnsMinTtl, 100_000));
        DnsAlertTracker dnsAlerts = new DnsAlertTracker(identities);
        Map<io.flowaudit.policy.eval.Verdict, long[]> counts = new EnumMap<>(io.flowaudit.policy.eval.Verdict.class);
        for (io.flowaudit.policy.eval.Verdict v : io.flowaudit.policy.eval.Verdict.values()) {
            counts.put(v, new long[1]);
        }
        Progress progress = new Progress(err);
        long start = System.nanoTime();
        ReadStats stats;
        try (Writer w = output(); VerdictLineWriter lines = new VerdictLineWriter(w)) {
            HubbleJsonReader reader = new HubbleJsonReader(strict ? ReadOptions.strictMode() : ReadOptions.lenient());
            // reading on this thread, judging and writing on the other core, in input order
            EventPipeline pipeline = new EventPipeline(ev -> {
                handle(ev, evaluator, dnsAlerts, lines, counts, err);
                progress.tick();
            });
            try {
                stats = flows.equals("-") ? reader.read(System.in, pipeline) : reader.read(Path.of(flows), pipeline);
            } finally {
                pipeline.finish();
            }
            lines.flush();
            if (inlineAlerts) {
                for (Finding f : dnsAlerts.findings()) {
                    w.write(FindingWriter.json(f) + "\n");
                }
                w.flush();
            }
        } catch (HubbleFormatException e) {
            err.println("error: " + flows + ":" + e.lineNumber() + ": " + e.reason());
            return 1;
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("error: --flows " + flows + ": no such file");
            return 1;
        } catch (UncheckedIOException e) {
            err.println("error: writing verdicts: " + e.getCause().getMessage());
            return 1;
        }
        if (alerts != null) {
            try (Writer a = Files.newBufferedWriter(alerts, StandardCharsets.UTF_8)) {
                for (Finding f : dnsAlerts.findings()) {
                    a.write(FindingWriter.json(f) + "\n");
                }
            }
        }
        double secs = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        progress.done();
        err.printf(java.util.Locale.ROOT, "replay: %d lines, %d flows, %d skipped (%s), %d bad; %d allowed, %d denied,"
                        + " %d not evaluated; %d alerts; %.0f flows/s; %d port tables%n",
                stats.lines(), stats.flows(), stats.skipped(), stats.skippedByKind(), stats.bad(),
                counts.get(io.flowaudit.policy.eval.Verdict.ALLOWED)[0],
                counts.get(io.flowaudit.policy.eval.Verdict.DENIED)[0],
                counts.get(io.flowaudit.policy.eval.Verdict.NOT_EVALUATED)[0], dnsAlerts.findings().size(),
                stats.flows() / secs,
                tables.portTableCount());
        err.flush();
        return 0;
    }

    private void handle(ReadEvent ev, FlowEvaluator evaluator, DnsAlertTracker dnsAlerts, VerdictLineWriter lines,
                        Map<io.flowaudit.policy.eval.Verdict, long[]> counts, PrintWriter err) throws IOException {
        if (ev instanceof ReadEvent.ParsedFlow pf) {
            Decision d = evaluator.decide(pf.flow());
            counts.get(d.verdict())[0]++;
            dnsAlerts.observe(pf.flow(), d);
            lines.verdict(pf.lineIndex(), pf.flow(), d);
        } else if (ev instanceof ReadEvent.SkippedEvent se) {
            lines.notJudged(se.lineIndex(), "NOT_A_FLOW", se.kind().jsonName() + " event, not a flow");
        } else if (ev instanceof ReadEvent.BadLine bl) {
            err.println("warning: " + flows + ":" + bl.lineNumber() + ": skipped: " + bl.reason());
            lines.notJudged(bl.lineIndex(), "BAD_LINE", bl.reason());
        }
    }

    private Writer output() throws IOException {
        if (out == null) {
            return new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        }
        return Files.newBufferedWriter(out, StandardCharsets.UTF_8);
    }
}
