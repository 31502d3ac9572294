package io.flowaudit.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.flowaudit.flow.hubble.HubbleJsonReader;
import io.flowaudit.flow.hubble.ReadEvent;
import io.flowaudit.policy.EngineOptions;
import io.flowaudit.policy.compile.PolicyCompiler;
import io.flowaudit.policy.eval.LearnedNames;
import io.flowaudit.policy.model.Policy;
import io.flowaudit.policy.parse.PolicyLoader;
import io.flowaudit.schemas.Topics;
import io.flowaudit.streams.FlowDecoder;
import io.flowaudit.whatif.ChangeKind;
import io.flowaudit.whatif.FlowChange;
import io.flowaudit.whatif.PolicyOverlay;
import io.flowaudit.whatif.WhatIf;
import io.flowaudit.whatif.WhatIfSummary;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flowaudit whatif}: captured traffic judged under a baseline and a candidate policy set. */
@Command(name = "whatif", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replays captured flows against the baseline policy set and a candidate change, and reports every"
                + " flow whose verdict changes: NEWLY_DENIED (what would break) and NEWLY_ALLOWED (what would open),"
                + " grouped by workloads and port, with the deciding policy on each side, plus the missing-DNS"
                + " alerts the candidate would cause.",
                "The candidate is applied on top of the baseline (objects added or replaced by kind/namespace/name);"
                        + " --delete models removals; --candidate-replaces-baseline treats it as a complete set."},
        footer = {"", "Exit codes: 0 done, 1 runtime error, 2 usage error, 3 the --fail-on condition was met."})
public final class WhatIfCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--baseline", paramLabel = "PATH", required = true, arity = "1..*",
            description = "Policy files or directories in force today.")
    List<Path> baseline;

    @Option(names = "--candidate", paramLabel = "PATH", arity = "1..*",
            description = "Changed or new policy files, applied on top of the baseline.")
    List<Path> candidate = List.of();

    @Option(names = "--candidate-replaces-baseline", description = "The candidate is a complete policy set.")
    boolean replaces;

    @Option(names = "--delete", paramLabel = "KIND/NS/NAME",
            description = "Remove this object from the candidate, e.g. CiliumNetworkPolicy/dev/app1-egress; repeatable.")
    List<String> deletes = new ArrayList<>();

    @Option(names = {"-f", "--flows"}, paramLabel = "FILE", description = "Hubble JSON flow file.")
    Path flows;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Read flows from this topic instead (e.g. "
            + Topics.FLOWS + "), with their original timestamps.")
    String topic;

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT", description = "Kafka cluster for --topic.")
    String bootstrapServers;

    @Option(names = "--from", paramLabel = "TIME", description = "With --topic: start at this time (RFC 3339, e.g."
            + " 2026-11-01T00:00:00Z) instead of the beginning.")
    String from;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Kafka client properties for --topic.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "One client property; repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default), json or markdown (to paste into a pull request).")
    String format;

    @Option(names = "--fail-on", paramLabel = "WHAT", defaultValue = "none",
            description = "Exit 3 when there is any change of this kind: none (default), newly-denied, newly-allowed, any.")
    String failOn;

    @Option(names = "--changes", paramLabel = "FILE", description = "Also write every changed flow as a JSON line here.")
    Path changesFile;

    @Option(names = "--reason-changes", description = "Also report flows whose verdict stays but whose deciding policy changes.")
    boolean reasonChanges;

    @Option(names = {"-q", "--quiet"}, description = "Do not print policy warnings.")
    boolean quiet;

    @Mixin
    EngineOptionsMixin engine;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        validate(cl);
        PrintWriter err = cl.getErr();
        EngineOptions options = engine.toOptions(cl);
        PolicyLoader.LoadResult base = PolicySetLoader.load(baseline, options.version(), err, quiet);
        List<Policy> changes = candidate.isEmpty() ? List.of()
                : PolicySetLoader.load(candidate, options.version(), err, quiet).policies();
        List<Policy> cand = PolicyOverlay.apply(replaces ? List.of() : base.policies(), changes, new HashSet<>(deletes));
        PolicyCompiler compiler = new PolicyCompiler(options);
        WhatIf whatIf = new WhatIf(compiler.compile(base.policies(), 1), compiler.compile(cand, 2), LearnedNames::new,
                reasonChanges);
        long start = System.nanoTime();
        Progress progress = new Progress(err);
        try (Writer changeOut = changesFile == null ? Writer.nullWriter()
                : Files.newBufferedWriter(changesFile, StandardCharsets.UTF_8)) {
            ChangeSink sink = new ChangeSink(changeOut);
            if (flows != null) {
                // reading on this thread, judging under both sets on the other core, in input order
                EventPipeline pipeline = new EventPipeline(ev -> {
                    if (ev instanceof ReadEvent.ParsedFlow pf) {
                        whatIf.judge(pf.lineIndex(), pf.flow()).ifPresent(sink::write);
                        progress.tick();
                    } else if (ev instanceof ReadEvent.BadLine bl) {
                        err.println("warning: " + flows + ":" + bl.lineNumber() + ": skipped: " + bl.reason());
                    }
                });
                try {
                    new HubbleJsonReader().read(flows, pipeline);
                } finally {
                    pipeline.finish();
                }
            } else {
                fromTopic(whatIf, sink, progress, err);
            }
        }
        progress.done();
        WhatIfSummary summary = whatIf.summary();
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        switch (format) {
            case "json" -> WhatIfReport.json(summary, out);
            case "markdown" -> WhatIfReport.markdown(summary, out);
            default -> WhatIfReport.text(summary, out);
        }
        out.flush();
        double secs = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        err.printf(java.util.Locale.ROOT, "whatif: %d flows, %d newly denied, %d newly allowed, %d new alerts; %.0f flows/s%n",
                summary.flows(), summary.count(ChangeKind.NEWLY_DENIED), summary.count(ChangeKind.NEWLY_ALLOWED),
                summary.newFindings().size(), summary.flows() / secs);
        err.flush();
        return gate(summary) ? 3 : 0;
    }

    private void validate(CommandLine cl) {
        if ((flows == null) == (topic == null)) {
            throw new CommandLine.ParameterException(cl, "give exactly one of --flows FILE or --topic TOPIC");
        }
        if (topic != null && bootstrapServers == null) {
            throw new CommandLine.ParameterException(cl, "--topic needs --bootstrap-servers HOST:PORT");
        }
        if (candidate.isEmpty() && deletes.isEmpty()) {
            throw new CommandLine.ParameterException(cl, "give --candidate PATH and/or --delete KIND/NS/NAME: there is"
                    + " nothing to compare the baseline with");
        }
        if (!List.of("text", "json", "markdown").contains(format)) {
            throw new CommandLine.ParameterException(cl, "--format: '" + format + "' is not a format; use text, json or markdown");
        }
        if (!List.of("none", "newly-denied", "newly-allowed", "any").contains(failOn)) {
            throw new CommandLine.ParameterException(cl, "--fail-on: '" + failOn
                    + "' is not a condition; use none, newly-denied, newly-allowed or any");
        }
    }

    private boolean gate(WhatIfSummary s) {
        return switch (failOn) {
            case "newly-denied" -> s.count(ChangeKind.NEWLY_DENIED) > 0;
            case "newly-allowed" -> s.count(ChangeKind.NEWLY_ALLOWED) > 0;
            case "any" -> s.count(ChangeKind.NEWLY_DENIED) + s.count(ChangeKind.NEWLY_ALLOWED) > 0;
            default -> false;
        };
    }

    private void fromTopic(WhatIf whatIf, ChangeSink sink, Progress progress, PrintWriter err) throws IOException {
        var props = KafkaSettings.load(spec.commandLine(), config, sets);
        props.setProperty("bootstrap.servers", bootstrapServers);
        Map<String, Object> conf = RunCommand.clientProps(props);
        conf.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        conf.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        conf.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Map<String, Object> serdeConf = new HashMap<>();
        props.forEach((k, v) -> serdeConf.put(String.valueOf(k), v));
        FlowDecoder decoder = new FlowDecoder(Topics.of(serdeConf).flows().valueSerde().deserializer());
        long fromMillis = parseFrom();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(conf, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            if (fromMillis > 0) {
                Map<TopicPartition, Long> ts = new HashMap<>();
                parts.forEach(p -> ts.put(p, fromMillis));
                Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(ts);
                for (TopicPartition p : parts) {
                    OffsetAndTimestamp o = found.get(p);
                    c.seek(p, o == null ? end.get(p) : o.offset());
                }
            } else {
                c.seekToBeginning(parts);
            }
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            long index = 0;
            long bad = 0;
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                for (var r : c.poll(Duration.ofMillis(500))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;
                    }
                    try {
                        whatIf.judge(index++, decoder.decode(topic, r.value())).ifPresent(sink::write);
                    } catch (RuntimeException e) {
                        bad++;
                    }
                    progress.tick();
                }
            }
            err.println("whatif: read " + index + " records of " + topic + " (" + total + " offsets)"
                    + (bad > 0 ? ", " + bad + " unreadable records skipped" : ""));
        }
    }

    private long parseFrom() {
        if (from == null) {
            return 0;
        }
        try {
            return Instant.parse(from).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from '" + from
                    + "' is not an RFC 3339 time such as 2026-11-01T00:00:00Z");
        }
    }

    /** Writes each changed flow as one JSON line (index, change, uuid, time, both verdicts and deciding rules). */
    private static final class ChangeSink {
        private final Writer out;
        private final JsonFactory json = JsonFactory.builder().build();

        ChangeSink(Writer out) {
            this.out = out;
        }

        void write(FlowChange c) {
            try {
                JsonGenerator g = json.createGenerator(out);
                g.writeStartObject();
                g.writeNumberField("index", c.index());
                g.writeStringField("change", c.kind().name());
                g.writeStringField("uuid", c.flow().uuid());
                if (c.flow().timeNanos() != 0) {
                    g.writeStringField("time", Instant.ofEpochSecond(0, c.flow().timeNanos()).toString());
                }
                g.writeStringField("baseline", c.baseline().verdict().name());
                g.writeStringField("baseline_decided_by", WhatIfReport.decidedBy(c.baseline()));
                g.writeStringField("candidate", c.candidate().verdict().name());
                g.writeStringField("candidate_decided_by", WhatIfReport.decidedBy(c.candidate()));
                g.writeStringField("candidate_detail", c.candidate().detail());
                g.writeEndObject();
                g.flush();
                out.write('\n');
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
