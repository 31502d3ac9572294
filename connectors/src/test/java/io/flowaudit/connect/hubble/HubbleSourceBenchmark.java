package io.flowaudit.connect.hubble;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.connect.source.SourceRecord;

import com.google.protobuf.util.JsonFormat;

import io.flowaudit.broker.EmbeddedKafkaBroker;
import io.flowaudit.connect.common.TestTaskContext;
import io.flowaudit.connect.hubble.api.observer.GetFlowsResponse;
import io.flowaudit.connect.it.ConnectWorker;
import io.flowaudit.flow.hubble.HubbleJsonReader;
import io.flowaudit.flow.hubble.ReadEvent;
import io.flowaudit.schemas.Topics;
import io.flowaudit.streams.AvroFlows;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

/**
 * Throughput of the Hubble source (not a test: run by hand with the test class path, e.g. from
 * {@code mvn dependency:build-classpath -Dmdep.includeScope=test}). Flows are the 64 seed
 * flows repeated with fresh uuids and times.
 *
 * <ol>
 *   <li>conversion, one thread: proto to Avro bytes directly ({@link ProtoFlows}) vs printing the proto as
 *       Hubble JSON and reading that back with the topology's reader;</li>
 *   <li>the task alone: an in-process Observer streaming N flows, records taken by {@code poll()};</li>
 *   <li>end to end: a Netty Observer on loopback, a real standalone worker and a real broker, until the flows
 *       topic holds N records;</li>
 *   <li>the task alone over a Netty Observer on loopback;</li>
 *   <li>a raw GetFlows stream, no conversion;</li>
 *   <li>the task alone in file mode, over a file of N seed lines.</li>
 * </ol>
 * Arguments: {@code [flows, default 200000] [phases, default 123]}.
 */
public final class HubbleSourceBenchmark {
    private HubbleSourceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        String phases = args.length > 1 ? args[1] : "123";
        List<GetFlowsResponse> seed = TestFlows.seedFlows();
        long bytes = 0;
        for (GetFlowsResponse r : seed) {
            bytes += r.getSerializedSize();
        }
        System.out.printf(Locale.ROOT, "%d flows; seed flows average %d protobuf bytes%n", n, bytes / seed.size());
        if (phases.contains("1")) {
            conversion(seed, n);
        }
        if (phases.contains("2")) {
            taskOnly(seed, n);
        }
        if (phases.contains("3")) {
            endToEnd(seed, n);
        }
        if (phases.contains("4")) {
            taskOverLoopback(seed, n);
        }
        if (phases.contains("5")) {
            rawStream(seed, n);
        }
        if (phases.contains("6")) {
            fileMode(n);
        }
        System.exit(0);
    }

    /** N generated responses, built as they are asked for. */
    static Iterator<GetFlowsResponse> generate(List<GetFlowsResponse> seed, int n) {
        long base = ProtoFlows.nanos(seed.get(0).getFlow().getTime());
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public GetFlowsResponse next() {
                GetFlowsResponse template = seed.get(i % seed.size());
                var time = ProtoFlows.timestamp(base + i * 1000L);
                var flow = template.getFlow().toBuilder().setUuid("bench-" + i).setTime(time);
                i++;
                return template.toBuilder().setFlow(flow).setTime(time).build();
            }
        };
    }

    private static void conversion(List<GetFlowsResponse> seed, int n) throws Exception {
        Serializer<io.flowaudit.schemas.avro.Flow> serializer = Topics.embedded().flows().valueSerde().serializer();
        JsonFormat.Printer printer = JsonFormat.printer().preservingProtoFieldNames()
                .omittingInsignificantWhitespace();
        HubbleJsonReader reader = new HubbleJsonReader();
        for (int round = 0; round < 2; round++) {
            long sink = 0;
            long start = System.nanoTime();
            for (Iterator<GetFlowsResponse> it = generate(seed, n); it.hasNext(); ) {
                sink += serializer.serialize(Topics.FLOWS, ProtoFlows.toAvro(it.next())).length;
            }
            report("conversion, direct proto -> Avro bytes" + (round == 0 ? " (warm-up)" : ""), n, start, sink);
            sink = 0;
            start = System.nanoTime();
            for (Iterator<GetFlowsResponse> it = generate(seed, n); it.hasNext(); ) {
                byte[] json = printer.print(it.next()).getBytes(StandardCharsets.UTF_8);
                ReadEvent.ParsedFlow flow = (ReadEvent.ParsedFlow) reader.parseLine(json, 0);
                sink += serializer.serialize(Topics.FLOWS, AvroFlows.toAvro(flow.flow())).length;
            }
            report("conversion, via JsonFormat + HubbleJsonReader" + (round == 0 ? " (warm-up)" : ""), n, start,
                    sink);
        }
    }

    private static void taskOnly(List<GetFlowsResponse> seed, int n) throws Exception {
        String name = InProcessServerBuilder.generateName();
        Server server = InProcessServerBuilder.forName(name).addService(new FakeObserver(() -> generate(seed, n)))
                .build().start();
        HubbleSourceTask task = new HubbleSourceTask((target, config) ->
                InProcessChannelBuilder.forName(name).build());
        Map<String, String> props = Map.of("grpc.targets", "in-process", "grpc.initial.lookback.ms",
                String.valueOf(TimeUnit.DAYS.toMillis(3650)));
        task.initialize(new TestTaskContext(props));
        long start = System.nanoTime();
        task.start(props);
        long count = 0;
        long sink = 0;
        while (count < n) {
            List<SourceRecord> records = task.poll();
            if (records != null) {
                count += records.size();
                for (SourceRecord r : records) {
                    sink += ((byte[]) r.value()).length;
                }
            }
        }
        report("task poll(), in-process Observer", n, start, sink);
        task.stop();
        server.shutdownNow();
    }

    private static void taskOverLoopback(List<GetFlowsResponse> seed, int n) throws Exception {
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new FakeObserver(() -> generate(seed, n))).build().start();
        HubbleSourceTask task = new HubbleSourceTask();
        Map<String, String> props = Map.of("grpc.targets", "127.0.0.1:" + server.getPort(), "grpc.plaintext", "true",
                "grpc.initial.lookback.ms", String.valueOf(TimeUnit.DAYS.toMillis(3650)));
        task.initialize(new TestTaskContext(props));
        long start = System.nanoTime();
        task.start(props);
        long count = 0;
        while (count < n) {
            List<SourceRecord> records = task.poll();
            count += records == null ? 0 : records.size();
        }
        report("task poll(), Netty Observer on loopback", n, start, -1);
        task.stop();
        server.shutdownNow();
    }

    private static void fileMode(int n) throws Exception {
        List<String> lines = TestFlows.lines(TestFlows.seedScenarios());
        Path file = Files.createTempFile("flowaudit-bench-", ".log");
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < n; i++) {
                out.write(lines.get(i % lines.size()));
                out.write('\n');
            }
        }
        HubbleSourceTask task = new HubbleSourceTask();
        Map<String, String> props = Map.of("hubble.mode", "file", "file.paths", file.toString(), "poll.timeout.ms",
                "10");
        task.initialize(new TestTaskContext(props));
        long start = System.nanoTime();
        task.start(props);
        long count = 0;
        while (count < n) {
            List<SourceRecord> records = task.poll();
            count += records == null ? 0 : records.size();
        }
        report("task poll(), file mode (" + Files.size(file) / n + " bytes/line)", n, start, -1);
        task.stop();
        Files.delete(file);
    }

    private static void rawStream(List<GetFlowsResponse> seed, int n) throws Exception {
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new FakeObserver(() -> generate(seed, n)).endAtLast()).build().start();
        var channel = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
                .usePlaintext().build();
        long start = System.nanoTime();
        long count = 0;
        var it = io.flowaudit.connect.hubble.api.observer.ObserverGrpc.newBlockingStub(channel)
                .getFlows(io.flowaudit.connect.hubble.api.observer.GetFlowsRequest.getDefaultInstance());
        while (it.hasNext()) {
            it.next();
            count++;
        }
        report("raw blocking GetFlows stream over loopback, no conversion (" + count + ")", n, start, -1);
        channel.shutdownNow();
        server.shutdownNow();
    }

    private static void endToEnd(List<GetFlowsResponse> seed, int n) throws Exception {
        Path dir = Files.createTempDirectory("flowaudit-bench-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), true, Map.of());
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.FLOWS, 4, (short) 1))).all().get();
            Server hubble = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(new FakeObserver(() -> generate(seed, n))).build().start();
            try (ConnectWorker worker = ConnectWorker.start(broker.bootstrapServers(), dir.resolve("offsets"))) {
                long start = System.nanoTime();
                worker.put("hubble", Map.of("connector.class", HubbleSourceConnector.class.getName(),
                        "grpc.targets", "127.0.0.1:" + hubble.getPort(), "grpc.plaintext", "true",
                        "grpc.initial.lookback.ms", String.valueOf(TimeUnit.DAYS.toMillis(3650))));
                long written = 0;
                long halfway = 0;
                while (written < n) {
                    Thread.sleep(100);
                    written = 0;
                    Map<TopicPartition, OffsetSpec> ends = new java.util.HashMap<>();
                    for (int p = 0; p < 4; p++) {
                        ends.put(new TopicPartition(Topics.FLOWS, p), OffsetSpec.latest());
                    }
                    for (var info : admin.listOffsets(ends).all().get().values()) {
                        written += info.offset();
                    }
                    if (halfway == 0 && written >= n / 2) {
                        halfway = System.nanoTime();
                    }
                }
                report("end to end: Netty Observer -> worker -> broker (records in topic)", n, start, -1);
                // the first half includes JIT warm-up of gRPC, protobuf, Avro and the producer
                report("end to end, second half only (warm)", n - n / 2, halfway, -1);
            } finally {
                hubble.shutdownNow();
            }
        }
    }

    private static void report(String what, long n, long startNanos, long bytes) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf(Locale.ROOT, "%-70s %9.0f flows/s (%.2f s%s)%n", what, n / seconds, seconds,
                bytes > 0 ? String.format(Locale.ROOT, ", %d Avro bytes/flow", bytes / n) : "");
    }
}
