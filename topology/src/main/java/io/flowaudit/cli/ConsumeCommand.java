package io.flowaudit.cli;

import io.flowaudit.schemas.Topics;
import io.flowaudit.schemas.avro.Alert;
import io.flowaudit.schemas.avro.DeadLetter;
import io.flowaudit.schemas.avro.PolicyDocument;
import io.flowaudit.schemas.avro.Verdict;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flowaudit consume}: reads a flowaudit topic and prints its records as JSON lines. */
@Command(name = "consume", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reads a flowaudit topic and prints one JSON object per record on stdout: verdicts and"
                + " denials in the replay format (without index), alerts as 'replay --alerts' writes them, flows and"
                + " what-if diffs field by field, policy documents with their key and text (a deletion as"
                + " {\"key\":...,\"deleted\":true}), dead letters with their origin, reason and original bytes"
                + " (base64).",
                "Only committed records are read (read_committed). Without --group no consumer group is used: every"
                        + " partition is assigned and no offsets are committed.",
                "It stops after --max records, or when nothing new arrived for --timeout-ms, unless --follow."},
        footer = {"", "Examples:",
                "  flowaudit consume -b kafka:9092 --topic " + Topics.DENIALS + " --from-beginning",
                "  flowaudit consume -b kafka:9092 --topic " + Topics.ALERTS + " --follow",
                "  flowaudit consume -b kafka:9092 --topic my.flows --type flow --max 10",
                "", "Exit codes: 0 done, 1 missing topic, unreachable cluster or an undecodable record (reported and"
                + " skipped), 2 usage error."})
public final class ConsumeCommand implements Callable<Integer> {
    private static final String NAME = "consume";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_REPORTED_UNDECODABLE = 100;
    private static final List<String> FLOWAUDIT_TOPICS = List.of(Topics.FLOWS, Topics.POLICIES,
            Topics.CANDIDATE_POLICIES, Topics.VERDICTS, Topics.DENIALS, Topics.ALERTS, Topics.WHATIF,
            Topics.DEAD_LETTER);

    /** What a topic's records are, hence how they print. */
    enum RecordType {
        FLOW, POLICY, VERDICT, ALERT, WHATIF, DEADLETTER;

        /** The type of the records of one of flowaudit's topics. */
        static Optional<RecordType> ofTopic(String topic) {
            return Optional.ofNullable(switch (topic) {
                case Topics.FLOWS -> FLOW;
                case Topics.POLICIES, Topics.CANDIDATE_POLICIES -> POLICY;
                case Topics.VERDICTS, Topics.DENIALS -> VERDICT;
                case Topics.ALERTS -> ALERT;
                case Topics.WHATIF -> WHATIF;
                case Topics.DEAD_LETTER -> DEADLETTER;
                default -> null;
            });
        }

        String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    KafkaClientOptions kafka;

    @Option(names = {"-t", "--topic"}, paramLabel = "TOPIC", required = true,
            description = "Topic to read: one of flowaudit's topics, or any topic with --type.")
    String topic;

    @Option(names = "--type", paramLabel = "TYPE", description = "What the records are, when the topic name does not"
            + " tell: flow, policy, verdict, alert, whatif or deadletter.")
    RecordType type;

    @Option(names = "--from-beginning", description = "Start at the oldest record (default: only records that arrive"
            + " from now on, or where --group left off).")
    boolean fromBeginning;

    @Option(names = {"-n", "--max"}, paramLabel = "N", description = "Stop after N records.")
    Long max;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "10000", description = "Stop when nothing new"
            + " arrived for MS milliseconds (default: ${DEFAULT-VALUE}); not with --follow.")
    long timeoutMs;

    @Option(names = "--follow", description = "Keep reading until Ctrl-C (or --max records).")
    boolean follow;

    @Option(names = "--group", paramLabel = "ID", description = "Read as consumer group ID: subscribe, continue"
            + " where the group left off, and commit what was printed.")
    String group;

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        PrintWriter err = cl.getErr();
        Properties props = kafka.load(cl, "consume from");
        RecordType recordType = type != null ? type : RecordType.ofTopic(topic).orElseThrow(() ->
                new CommandLine.ParameterException(cl, "--topic " + topic + " is not one of flowaudit's topics ("
                        + String.join(", ", FLOWAUDIT_TOPICS)
                        + "), so say what its records are with --type: flow, policy, verdict, alert, whatif or"
                        + " deadletter"));
        if (max != null && max < 1) {
            throw new CommandLine.ParameterException(cl, "--max " + max + ": give at least 1, or leave --max out");
        }
        if (timeoutMs < 1) {
            throw new CommandLine.ParameterException(cl, "--timeout-ms " + timeoutMs + ": give at least 1 ms, or"
                    + " use --follow to read until Ctrl-C");
        }
        if (group != null && group.isBlank()) {
            throw new CommandLine.ParameterException(cl, "--group: a group id can't be blank");
        }
        RecordPrinter printer = printer(recordType, KafkaClientOptions.topics(cl, props));
        VerdictLineWriter lines = new VerdictLineWriter(new BufferedWriter(
                new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(props),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Optional<String> problem = start(consumer);
            if (problem.isPresent()) {
                err.println(NAME + ": error: " + problem.get() + " on " + props.getProperty("bootstrap.servers"));
                return 1;
            }
            return read(consumer, printer, recordType, lines, err);
        } catch (KafkaException e) {
            err.println(NAME + ": error: reading " + topic + " from " + props.getProperty("bootstrap.servers")
                    + " failed: " + e.getMessage());
            return 1;
        } finally {
            // flush, never close: closing would close System.out
            lines.flush();
        }
    }

    private Map<String, Object> consumerConfig(Properties props) {
        Map<String, Object> m = KafkaClientOptions.clientConfig(props);
        m.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        m.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        m.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        m.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "flowaudit-consume");
        if (group == null) {
            m.remove(ConsumerConfig.GROUP_ID_CONFIG);
        } else {
            m.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            m.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        }
        return m;
    }

    /** Subscribes, or assigns every partition and seeks; a message when the topic does not exist. */
    private Optional<String> start(KafkaConsumer<byte[], byte[]> consumer) {
        if (group != null) {
            consumer.subscribe(List.of(topic));
            return Optional.empty();
        }
        List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            return Optional.of("topic " + topic + " does not exist");
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        // Seeks are lazy: fix the positions now, so "from now on" means from the start of this command.
        partitions.forEach(p -> consumer.position(p, METADATA_TIMEOUT));
        return Optional.empty();
    }

    private int read(KafkaConsumer<byte[], byte[]> consumer, RecordPrinter printer, RecordType recordType,
                     VerdictLineWriter lines, PrintWriter err) throws IOException {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            consumer.wakeup();
            try {
                finished.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "flowaudit-consume-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long records = 0;
        long undecodable = 0;
        String stop = "stopped by an error";
        Map<TopicPartition, OffsetAndMetadata> printed = new HashMap<>();
        try {
            long lastNew = System.nanoTime();
            while (true) {
                if (max != null && records >= max) {
                    stop = "--max reached";
                    break;
                }
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL);
                long now = System.nanoTime();
                if (batch.isEmpty()) {
                    if (!follow && now - lastNew >= TimeUnit.MILLISECONDS.toNanos(timeoutMs)) {
                        stop = "nothing new for " + timeoutMs + " ms";
                        break;
                    }
                    continue;
                }
                lastNew = now;
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    if (max != null && records >= max) {
                        break;
                    }
                    records++;
                    try {
                        printer.print(r.topic(), key(r), r.value(), lines);
                    } catch (SerializationException e) {
                        if (++undecodable <= MAX_REPORTED_UNDECODABLE) {
                            err.println(NAME + ": " + r.topic() + "/" + r.partition() + "@" + r.offset()
                                    + ": cannot decode as " + recordType.cliName() + ", skipped: " + e.getMessage());
                        }
                    }
                    printed.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                lines.flush();
                if (group != null) {
                    consumer.commitSync(printed);
                    printed.clear();
                }
            }
            lines.flush();
        } catch (WakeupException e) {
            // Ctrl-C: print what was read and the summary
            stop = "interrupted";
            lines.flush();
        } finally {
            err.println(NAME + ": " + records + " records read from " + topic + " (" + stop + ")" + (undecodable > 0
                    ? "; " + undecodable + " could not be decoded as " + recordType.cliName() : ""));
            err.flush();
            // only now may the shutdown hook return and the JVM halt
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running
            }
        }
        return undecodable > 0 ? 1 : 0;
    }

    private static String key(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    }

    /** Prints one record as one JSON line. */
    @FunctionalInterface
    private interface RecordPrinter {
        /**
         * @param key   the record key; may be null
         * @param value the record value; null for a tombstone
         * @throws SerializationException when the value cannot be decoded
         */
        void print(String topic, String key, byte[] value, VerdictLineWriter lines) throws IOException;
    }

    private static RecordPrinter printer(RecordType type, Topics topics) {
        return switch (type) {
            case FLOW -> avro(topics.flows().valueSerde().deserializer());
            case WHATIF -> avro(topics.whatIf().valueSerde().deserializer());
            case VERDICT -> {
                Deserializer<Verdict> d = topics.verdicts().valueSerde().deserializer();
                yield (topic, key, value, lines) -> {
                    Verdict v = d.deserialize(topic, value);
                    if (v == null) {
                        lines.raw(RecordJson.tombstone(key));
                    } else {
                        lines.verdict(-1, v);
                    }
                };
            }
            case ALERT -> {
                Deserializer<Alert> d = topics.alerts().valueSerde().deserializer();
                yield (topic, key, value, lines) -> {
                    Alert a = d.deserialize(topic, value);
                    lines.raw(a == null ? RecordJson.tombstone(key) : FindingWriter.json(a));
                };
            }
            case POLICY -> {
                Deserializer<PolicyDocument> d = topics.policies().valueSerde().deserializer();
                yield (topic, key, value, lines) -> {
                    PolicyDocument p = d.deserialize(topic, value);
                    lines.raw(p == null ? RecordJson.tombstone(key) : RecordJson.policyDocument(key, p));
                };
            }
            case DEADLETTER -> {
                Deserializer<DeadLetter> d = topics.deadLetter().valueSerde().deserializer();
                yield (topic, key, value, lines) -> {
                    DeadLetter l = d.deserialize(topic, value);
                    lines.raw(l == null ? RecordJson.tombstone(key) : RecordJson.deadLetter(key, l));
                };
            }
        };
    }

    private static RecordPrinter avro(Deserializer<? extends IndexedRecord> d) {
        return (topic, key, value, lines) -> {
            IndexedRecord r = d.deserialize(topic, value);
            lines.raw(r == null ? RecordJson.tombstone(key) : RecordJson.avro(r));
        };
    }
}
