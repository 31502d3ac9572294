package io.flowaudit.cli;

import io.flowaudit.flow.Flow;
import io.flowaudit.flow.hubble.HubbleJsonReader;
import io.flowaudit.flow.hubble.ReadEvent;
import io.flowaudit.flow.hubble.ReadStats;
import io.flowaudit.schemas.Topics;
import io.flowaudit.schemas.avro.PolicyDocument;
import io.flowaudit.schemas.avro.PolicyKind;
import io.flowaudit.streams.AvroFlows;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flowaudit produce}: a Hubble flow file or policy files onto flowaudit's input topics. */
@Command(name = "produce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Publishes a Hubble JSON flow file to " + Topics.FLOWS + " (Avro Flow records keyed by node"
                + " name), policy files to " + Topics.POLICIES + " (one PolicyDocument per policy object, keyed"
                + " Kind/namespace/name), or deletions (tombstones) of policies.",
                "The topic is created when missing. Bad flow lines are reported with their line numbers and skipped;"
                        + " flows without a uuid get flowaudit-line-N (N the 0-based line index, as in 'run').",
                "Producer settings: acks=all and idempotence always; batch.size=262144 and linger.ms=10 unless"
                        + " --config or --set say otherwise."},
        footer = {"", "Examples:",
                "  flowaudit produce -b kafka:9092 --flows capture.jsonl --rate 5000",
                "  flowaudit produce -b kafka:9092 --policies policies/ --candidate",
                "  flowaudit produce -b kafka:9092 --delete CiliumNetworkPolicy/shop/web-egress",
                "", "Exit codes: 0 done (bad flow lines are reported and skipped), 1 unreadable input or a failed"
                + " send, 2 usage error."})
public final class ProduceCommand implements Callable<Integer> {
    private static final String NAME = "produce";
    private static final int MAX_REPORTED_BAD_LINES = 100;
    private static final int MAX_LISTED_KEYS = 20;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    KafkaClientOptions kafka;

    @Option(names = {"-f", "--flows"}, paramLabel = "FILE",
            description = "Hubble JSON flow file (hubble observe -o json, exporter file, .gz); '-' reads stdin.")
    Path flows;

    @Option(names = {"-p", "--policies"}, paramLabel = "PATH", arity = "1..*",
            description = "Policy files or directories (YAML, multi-document, or JSON); repeatable.")
    List<Path> policies = List.of();

    @Option(names = "--delete", paramLabel = "KIND/NS/NAME", arity = "1..*",
            description = "Delete a policy: publish a tombstone for its key (KIND/NAME for"
                    + " CiliumClusterwideNetworkPolicy); repeatable.")
    List<String> deletes = List.of();

    @Option(names = "--candidate", description = "Policies and deletions go to " + Topics.CANDIDATE_POLICIES
            + " (the what-if candidate set) instead of " + Topics.POLICIES + ".")
    boolean candidate;

    @Option(names = {"-t", "--topic"}, paramLabel = "TOPIC", description = "Topic to write to (default: "
            + Topics.FLOWS + " for flows, " + Topics.POLICIES + " for policies and deletions).")
    String topic;

    @Option(names = "--rate", paramLabel = "N", description = "Send at most N records per second (default: as fast"
            + " as the cluster takes them).")
    Integer rate;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "2", description = "Partitions of a flow topic"
            + " that produce creates (default: ${DEFAULT-VALUE}); policy topics get one, compacted.")
    int partitions;

    @Override
    public Integer call() throws IOException, InterruptedException {
        CommandLine cl = spec.commandLine();
        PrintWriter err = cl.getErr();
        Properties props = kafka.load(cl, "produce to");
        validate(cl);
        List<String> tombstones = deleteKeys(cl);
        Topics topics = KafkaClientOptions.topics(cl, props);
        Optional<String> missing = missingInput();
        if (missing.isPresent()) {
            err.println(NAME + ": error: " + missing.get());
            return 1;
        }
        // read every policy file before touching the cluster: nothing readable, nothing created
        List<String> unreadable = new ArrayList<>();
        List<PolicyDocumentFiles.Keyed> docs = PolicyDocumentFiles.read(policies, unreadable);
        unreadable.forEach(p -> err.println(NAME + ": policy file skipped: " + p));
        if (!policies.isEmpty() && docs.isEmpty()) {
            err.println(NAME + ": error: no CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy or NetworkPolicy"
                    + " objects found in " + policies + "; nothing written");
            return 1;
        }
        String target = topic != null ? topic
                : flows != null ? Topics.FLOWS : candidate ? Topics.CANDIDATE_POLICIES : Topics.POLICIES;
        Map<String, Object> adminConfig = KafkaClientOptions.clientConfig(props);
        // fail within half a minute when the cluster is not there, not Kafka's default minute
        adminConfig.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        adminConfig.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        try (Admin admin = Admin.create(adminConfig)) {
            Optional<String> problem = TargetTopic.ensure(admin, target, flows == null, partitions, err, NAME);
            if (problem.isPresent()) {
                err.println(NAME + ": error: " + problem.get() + " (bootstrap servers "
                        + props.getProperty("bootstrap.servers") + ")");
                return 1;
            }
        } catch (KafkaException e) {
            err.println(NAME + ": error: cannot reach " + props.getProperty("bootstrap.servers") + ": "
                    + e.getMessage());
            return 1;
        }
        try (RecordSender sender = new RecordSender(producerConfig(props), target, rate, err, NAME)) {
            if (flows != null) {
                return publishFlows(sender, topics.flows().valueSerde().serializer(), err);
            }
            Serializer<PolicyDocument> serializer = topics.policies().valueSerde().serializer();
            return tombstones.isEmpty() ? publishPolicies(sender, serializer, docs, unreadable.size(), err)
                    : publishTombstones(sender, tombstones, err);
        } catch (RecordSender.SendFailedException | KafkaException e) {
            err.println(NAME + ": error: sending to " + target + " failed: " + e.getMessage());
            return 1;
        }
    }

    private void validate(CommandLine cl) {
        int inputs = (flows != null ? 1 : 0) + (policies.isEmpty() ? 0 : 1) + (deletes.isEmpty() ? 0 : 1);
        if (inputs == 0) {
            throw new CommandLine.ParameterException(cl, "Missing input: give --flows FILE, --policies PATH... or"
                    + " --delete KIND/NS/NAME");
        }
        if (inputs > 1) {
            throw new CommandLine.ParameterException(cl, "--flows, --policies and --delete are alternatives:"
                    + " run produce once for each");
        }
        if (candidate && flows != null) {
            throw new CommandLine.ParameterException(cl, "--candidate selects the candidate policy topic; it applies"
                    + " to --policies and --delete, not to --flows");
        }
        if (candidate && topic != null) {
            throw new CommandLine.ParameterException(cl, "--candidate and --topic both choose the topic: give one");
        }
        if (topic != null && topic.isBlank()) {
            throw new CommandLine.ParameterException(cl, "--topic: a topic name can't be blank");
        }
        if (rate != null && rate < 1) {
            throw new CommandLine.ParameterException(cl, "--rate " + rate + ": give at least 1 record per second,"
                    + " or leave --rate out to send as fast as possible");
        }
        if (partitions < 1) {
            throw new CommandLine.ParameterException(cl, "--partitions " + partitions + ": give at least 1");
        }
    }

    /** The keys of the policies to delete, checked before anything is sent. */
    private List<String> deleteKeys(CommandLine cl) {
        List<String> keys = new ArrayList<>();
        for (String d : deletes) {
            keys.add(deleteKey(cl, d));
        }
        return keys;
    }

    static String deleteKey(CommandLine cl, String spec) {
        String usage = "--delete '" + spec + "': expected KIND/NAMESPACE/NAME, or KIND/NAME for"
                + " CiliumClusterwideNetworkPolicy, KIND one of " + Arrays.toString(PolicyKind.values())
                + " (e.g. --delete CiliumNetworkPolicy/shop/web-egress)";
        String[] parts = spec.split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new CommandLine.ParameterException(cl, usage);
        }
        PolicyKind kind = Arrays.stream(PolicyKind.values()).filter(k -> k.name().equalsIgnoreCase(parts[0]))
                .findFirst().orElseThrow(() -> new CommandLine.ParameterException(cl, usage));
        if (kind == PolicyKind.CiliumClusterwideNetworkPolicy && parts.length == 3) {
            throw new CommandLine.ParameterException(cl, "--delete '" + spec + "': a CiliumClusterwideNetworkPolicy"
                    + " has no namespace; use CiliumClusterwideNetworkPolicy/" + parts[2]);
        }
        try {
            return Topics.policyKey(kind, parts.length == 3 ? parts[1] : null, parts[parts.length - 1]);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, usage + ": " + e.getMessage());
        }
    }

    private Optional<String> missingInput() {
        if (flows != null && !flows.toString().equals("-") && !Files.isRegularFile(flows)) {
            return Optional.of("--flows " + flows + ": no such file");
        }
        for (Path p : policies) {
            if (!Files.exists(p)) {
                return Optional.of("--policies " + p + ": no such file or directory");
            }
        }
        return Optional.empty();
    }

    private static Map<String, Object> producerConfig(Properties props) {
        Map<String, Object> m = KafkaClientOptions.clientConfig(props);
        // Record size and batching dominate throughput (DEPENDENCIES.md): 256 KB batches, as in 'run'.
        m.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        m.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "10");
        m.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "flowaudit-produce");
        // no loss, no duplicates on retry: the audit must see every flow exactly once
        m.put(ProducerConfig.ACKS_CONFIG, "all");
        m.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return m;
    }

    private int publishFlows(RecordSender sender, Serializer<io.flowaudit.schemas.avro.Flow> serializer,
                             PrintWriter err) throws IOException {
        boolean stdin = flows.toString().equals("-");
        long total = stdin ? 0 : Files.size(flows);
        long[] badLines = {0};
        ReadStats stats;
        try (CountingInputStream in = new CountingInputStream(stdin ? System.in : Files.newInputStream(flows))) {
            if (total > 0) {
                sender.progress(() -> String.format(Locale.ROOT, " (%d%% of %s)", in.count() * 100 / total, flows));
            }
            InputStream source = flows.toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
            Consumer<ReadEvent> sink = ev -> {
                if (ev instanceof ReadEvent.ParsedFlow pf) {
                    Flow f = pf.flow();
                    var avro = AvroFlows.toAvro(f);
                    if (f.uuid().isEmpty()) {
                        avro.setUuid("flowaudit-line-" + pf.lineIndex());
                    }
                    sender.send(f.nodeName(), serializer.serialize(sender.topic(), avro),
                            f.timeNanos() > 0 ? f.timeNanos() / 1_000_000 : null);
                } else if (ev instanceof ReadEvent.BadLine bl && ++badLines[0] <= MAX_REPORTED_BAD_LINES) {
                    err.println(NAME + ": " + flows + ":" + bl.lineNumber() + ": skipped: " + bl.reason()
                            + (badLines[0] == MAX_REPORTED_BAD_LINES ? " (further bad lines are counted, not shown)"
                            : ""));
                }
            };
            stats = new HubbleJsonReader().read(source, sink);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        long written = sender.finish();
        err.printf(Locale.ROOT, "%s: %d flows written to %s in %s; %d lines, %d bad lines and %d non-flow events"
                        + " skipped%n", NAME, written, sender.topic(), sender.elapsed(), stats.lines(), stats.bad(),
                stats.skipped());
        return 0;
    }

    private static int publishPolicies(RecordSender sender, Serializer<PolicyDocument> serializer,
                                       List<PolicyDocumentFiles.Keyed> docs, int unreadable, PrintWriter err) {
        for (PolicyDocumentFiles.Keyed d : docs) {
            sender.send(d.key(), serializer.serialize(sender.topic(), d.document()));
        }
        long written = sender.finish();
        err.println(NAME + ": " + written + " policy documents written to " + sender.topic() + " in "
                + sender.elapsed() + listed(docs.stream().map(PolicyDocumentFiles.Keyed::key).toList()));
        if (unreadable > 0) {
            err.println(NAME + ": error: " + unreadable + " policy files could not be read (see above)");
            return 1;
        }
        return 0;
    }

    private static int publishTombstones(RecordSender sender, List<String> keys, PrintWriter err) {
        for (String k : keys) {
            sender.send(k, null);
        }
        long written = sender.finish();
        err.println(NAME + ": " + written + " tombstones written to " + sender.topic() + listed(keys));
        return 0;
    }

    private static String listed(List<String> keys) {
        return keys.size() > MAX_LISTED_KEYS ? "" : ": " + String.join(", ", keys);
    }

    /**
     * Counts the bytes read from a file, for the done/total part of the progress line; read and counted on one
     * thread. Standard input is left open.
     */
    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() throws IOException {
            if (in != System.in) {
                super.close();
            }
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }
    }
}
