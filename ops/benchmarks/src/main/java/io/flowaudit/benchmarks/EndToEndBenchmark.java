package io.flowaudit.benchmarks;

import io.flowaudit.benchmarks.workload.Workload;
import io.flowaudit.flow.Flow;
import io.flowaudit.schemas.Topics;
import io.flowaudit.schemas.avro.PolicyDocument;
import io.flowaudit.schemas.avro.PolicyKind;
import io.flowaudit.streams.AvroFlows;
import io.flowaudit.streams.FlowauditMetrics;
import io.flowaudit.streams.FlowauditTopology;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * End-to-end throughput against a real broker (a separate process, started by {@code e2e.sh}): the flowaudit
 * topology and a pass-through Streams application, side by side in one run, on the same Avro flow records,
 * broker and producer settings; then the p99 verdict latency at a fixed input rate, and the heap.
 * Prints one summary line.
 *
 * <pre>
 * java ... EndToEndBenchmark BOOTSTRAP [flows=2000000] [policies=1000] [partitions=4] [rate=20000] [latencySeconds=20]
 * </pre>
 */
public final class EndToEndBenchmark {
    private static final int DISTINCT = 200_000;

    private EndToEndBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        Map<String, String> a = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            a.put(kv[0], kv[1]);
        }
        long flows = Long.parseLong(a.getOrDefault("flows", "2000000"));
        // throughput=false measures only latency (and then produces just the distinct records once)
        int policies = Integer.parseInt(a.getOrDefault("policies", "1000"));
        int partitions = Integer.parseInt(a.getOrDefault("partitions", "4"));
        int rate = Integer.parseInt(a.getOrDefault("rate", "20000"));
        int latencySeconds = Integer.parseInt(a.getOrDefault("latencySeconds", "20"));
        String run = "bench" + Instant.now().getEpochSecond();

        Workload w = Workload.generate(new Workload.Config(policies, 50, 10_000, 42));
        System.err.printf(Locale.ROOT, "e2e: generating %d distinct flow records and %d policies...%n", DISTINCT, policies);
        Flow[] sample = w.flows(DISTINCT, Workload.Mix.REALISTIC);
        var flowSerde = Topics.embedded().flows().valueSerde().serializer();
        byte[][] records = new byte[sample.length][];
        String[] keys = new String[sample.length];
        long bytes = 0;
        for (int i = 0; i < sample.length; i++) {
            records[i] = flowSerde.serialize("x", AvroFlows.toAvro(sample[i]));
            keys[i] = sample[i].nodeName();
            bytes += records[i].length;
        }
        long avgBytes = bytes / sample.length;
        FlowauditTopology.TopicNames names = new FlowauditTopology.TopicNames(run + ".flows", run + ".policies",
                run + ".policies.candidate", run + ".verdicts", run + ".denials", run + ".alerts", run + ".whatif",
                run + ".deadletter");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String t : List.of(names.flows(), names.verdicts(), names.denials(), names.alerts(), names.whatIf(),
                    names.deadLetter(), run + ".passthrough", run + ".latency.flows", run + ".latency.verdicts")) {
                topics.add(new NewTopic(t, partitions, (short) 1));
            }
            for (String t : List.of(names.policies(), names.candidatePolicies())) {
                topics.add(new NewTopic(t, 1, (short) 1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        }
        publishPolicies(bootstrap, names.policies(), w);
        long t0 = System.nanoTime();
        produce(bootstrap, names.flows(), records, keys, "false".equals(a.get("throughput")) ? 0 : flows, 0);
        double produceRate = flows / ((System.nanoTime() - t0) / 1e9);
        System.err.printf(Locale.ROOT, "e2e: produced %d records (avg %d bytes) at %.0f/s%n", flows, avgBytes, produceRate);

        boolean throughput = !"false".equals(a.get("throughput"));
        double pass = throughput ? measure("pass-through", passThrough(bootstrap, run, names.flows(),
                run + ".passthrough"), bootstrap, run + ".passthrough", flows) : Double.NaN;
        double fa = throughput ? measure("flowaudit", flowaudit(bootstrap, run + "-fa", names), bootstrap,
                names.verdicts(), flows) : Double.NaN;

        FlowauditTopology.TopicNames latencyNames = new FlowauditTopology.TopicNames(run + ".latency.flows",
                names.policies(), names.candidatePolicies(), run + ".latency.verdicts", names.denials(), names.alerts(),
                names.whatIf(), names.deadLetter());
        Histogram h = latency(bootstrap, run, latencyNames, records, keys, rate, latencySeconds);
        long heap = heapUsedAfterGc();
        System.out.printf(Locale.ROOT, "e2e: flows=%d policies=%d record_bytes=%d partitions=%d passthrough=%.0f/s"
                        + " flowaudit=%.0f/s ratio=%.2f latency@%d/s p50=%.1fms p99=%.1fms max=%.1fms heap_after_gc=%dMB"
                        + " heap_peak=%dMB%n", flows, policies, avgBytes, partitions, pass, fa, fa / pass, rate,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0,
                heap / (1 << 20), peakHeap() / (1 << 20));
        // client threads of closed applications may linger; the benchmark is done
        System.exit(0);
    }

    private static Properties streamsProps(String bootstrap, String appId) throws Exception {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("e2e-state").toString());
        p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), "262144");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "20");
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2");
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000");
        return p;
    }

    private static KafkaStreams passThrough(String bootstrap, String run, String in, String out) throws Exception {
        StreamsBuilder b = new StreamsBuilder();
        b.stream(in, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("pass-source"))
                .mapValues(v -> v, Named.as("identity"))
                .to(out, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("pass-sink"));
        return new KafkaStreams(b.build(), streamsProps(bootstrap, run + "-pass"));
    }

    private static KafkaStreams flowaudit(String bootstrap, String appId, FlowauditTopology.TopicNames names)
            throws Exception {
        Map<String, Object> conf = new HashMap<>();
        Properties p = streamsProps(bootstrap, appId);
        p.forEach((k, v) -> conf.put(String.valueOf(k), v));
        return new KafkaStreams(FlowauditTopology.build(new StreamsBuilder(), conf, names,
                FlowauditTopology.SerdeFactory.of(conf), new FlowauditMetrics()), p);
    }

    /** Runs an application until its output holds {@code n} records; returns records/s between first and last output. */
    private static double measure(String name, KafkaStreams app, String bootstrap, String out, long n) throws Exception {
        app.start();
        long first = 0;
        long firstCount = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(out).stream().map(i -> new TopicPartition(out, i.partition())).toList();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
            while (System.nanoTime() < deadline) {
                long count = c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
                long now = System.nanoTime();
                if (first == 0 && count > 0) {
                    first = now;
                    firstCount = count;
                }
                if (count >= n) {
                    double rate = (count - firstCount) / ((now - first) / 1e9);
                    System.err.printf(Locale.ROOT, "e2e: %s: %d records in %.1f s: %.0f records/s%n", name, count,
                            (now - first) / 1e9, rate);
                    return rate;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException(name + " did not finish within 20 minutes");
        } finally {
            app.close(Duration.ofSeconds(30));
        }
    }

    private static Map<String, Object> producerProps(String bootstrap) {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrap);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 262144);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        return p;
    }

    /** Produces {@code n} records, cycling over the distinct ones; {@code perSecond} > 0 paces the sends. */
    private static void produce(String bootstrap, String topic, byte[][] records, String[] keys, long n, int perSecond) {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(producerProps(bootstrap), new StringSerializer(),
                new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (long i = 0; i < n; i++) {
                int k = (int) (i % records.length);
                if (perSecond > 0) {
                    // sleep, not spin: a spinning producer would take one of the two cores from the application
                    long ahead = start + i * 1_000_000_000L / perSecond - System.nanoTime();
                    if (ahead > 200_000) {
                        java.util.concurrent.locks.LockSupport.parkNanos(ahead);
                    }
                }
                p.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(), keys[k], records[k]));
            }
            p.flush();
        }
    }

    private static void publishPolicies(String bootstrap, String topic, Workload w) {
        var serde = Topics.embedded().policies().valueSerde().serializer();
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(producerProps(bootstrap), new StringSerializer(),
                new ByteArraySerializer())) {
            for (var e : w.policyFiles().entrySet()) {
                for (String doc : e.getValue().split("(?m)^---\\s*$")) {
                    if (doc.isBlank()) {
                        continue;
                    }
                    String name = doc.replaceAll("(?s).*?\\n  name: ([^\\n]+).*", "$1").trim();
                    String ns = doc.contains("\n  namespace: ") ? doc.replaceAll("(?s).*?\\n  namespace: ([^\\n]+).*", "$1").trim() : null;
                    PolicyKind kind = doc.contains("kind: CiliumClusterwideNetworkPolicy")
                            ? PolicyKind.CiliumClusterwideNetworkPolicy : PolicyKind.CiliumNetworkPolicy;
                    PolicyDocument d = PolicyDocument.newBuilder().setKind(kind).setNamespace(ns).setName(name)
                            .setUid(null).setResourceVersion(null).setContent(doc).setSource(e.getKey())
                            .setObservedAt(Instant.now()).build();
                    p.send(new ProducerRecord<>(topic, Topics.policyKey(kind, ns, name), serde.serialize(topic, d)));
                }
            }
            p.flush();
        }
    }

    /** Verdict latency at a fixed input rate: receive time minus the input record's timestamp (verdicts keep it). */
    private static Histogram latency(String bootstrap, String run, FlowauditTopology.TopicNames names, byte[][] records,
                                     String[] keys, int rate, int seconds) throws Exception {
        KafkaStreams app = flowaudit(bootstrap, run + "-lat", names);
        app.start();
        Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            String out = names.verdicts();
            List<TopicPartition> parts = c.partitionsFor(out).stream().map(i -> new TopicPartition(out, i.partition())).toList();
            c.assign(parts);
            c.seekToEnd(parts);
            parts.forEach(c::position);
            // warm-up: the app must be running and the policies compiled before timing starts
            produce(bootstrap, names.flows(), records, keys, 20_000, rate);
            long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long got = 0;
            while (got < 20_000 && System.nanoTime() < warm) {
                got += c.poll(Duration.ofMillis(200)).count();
            }
            long n = (long) rate * seconds;
            Thread producer = new Thread(() -> produce(bootstrap, names.flows(), records, keys, n, rate), "e2e-paced");
            producer.start();
            long seen = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 60L);
            while (seen < n && System.nanoTime() < deadline) {
                for (var r : c.poll(Duration.ofMillis(100))) {
                    long lat = System.currentTimeMillis() - r.timestamp();
                    h.recordValue(Math.max(0, Math.min(lat * 1000, TimeUnit.SECONDS.toMicros(60))));
                    seen++;
                }
            }
            producer.join();
            System.err.printf(Locale.ROOT, "e2e: latency: %d verdicts at %d/s: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    seen, rate, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                    h.getMaxValue() / 1000.0);
        } finally {
            app.close(Duration.ofSeconds(30));
        }
        return h;
    }

    private static long heapUsedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
