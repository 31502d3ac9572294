package io.flowaudit.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowaudit.schemas.Topics;
import io.flowaudit.schemas.avro.Flow;
import io.flowaudit.schemas.avro.Outcome;
import io.flowaudit.schemas.avro.PolicyDocument;
import io.flowaudit.schemas.avro.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly-once across a crash: {@code flowaudit run --exactly-once} runs as a separate OS process, is killed
 * with SIGKILL ({@link Process#destroyForcibly()}) while flows stream in and some verdicts are committed, and is
 * restarted with the same application id and state directory. The verdicts topic, read with
 * {@code isolation.level=read_committed}, must then hold exactly one verdict per input flow: nothing lost,
 * nothing duplicated.
 */
@Tag("integration")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ExactlyOnceCrashIT {
    @RegisterExtension
    static final EmbeddedBrokerExtension KAFKA = new EmbeddedBrokerExtension();

    private static final Topics TOPICS = Topics.embedded();
    private static final String APPLICATION_ID = "eos-it";
    /** Distinct flows, each with its own uuid. */
    private static final int FLOWS = 20_000;
    /** The producer's pace: a batch every 100 ms, so the stream lasts about 10 s and the kill lands inside it. */
    private static final int BATCH = 200;
    /** Kill once this many verdicts are committed (and fewer than {@link #FLOWS}). */
    private static final int KILL_AFTER_COMMITTED = FLOWS / 5;
    /**
     * The producer stays at most this far ahead of the committed verdicts, so the kill lands mid-stream however
     * fast or loaded the machine is.
     */
    private static final int MAX_LEAD = FLOWS / 5;
    private static final int NODES = 6;

    private final List<Process> children = new ArrayList<>();

    @Test
    void shouldNeitherLoseNorDuplicateVerdictsWhenKilledAndRestarted() throws Exception {
        SeedCase seed = SeedCase.of("s06-egress-default-deny-breaks-dns");
        List<Flow> templates = seed.flows();
        List<Outcome> templateOutcomes = seed.expected();
        Path dir = ItDirs.forTest(getClass().getSimpleName(), "run");
        Path stateDir = Files.createDirectories(dir.resolve("state"));
        // the topics as `flowaudit run` creates them (2 partitions), created first so the test can produce at once
        List<String> plain = TOPICS.all().stream().filter(t -> !t.compacted()).map(t -> t.name()).toList();
        ItTopics.createPlain(KAFKA.admin(), plain, 2);
        TOPICS.all().stream().filter(t -> t.compacted()).forEach(t -> ItTopics.createCompacted(KAFKA.admin(), t.name()));
        try (KafkaProducer<String, PolicyDocument> p = ItClients.producer(KAFKA.bootstrapServers(),
                TOPICS.policies().valueSerde().serializer())) {
            for (var e : seed.policies().entrySet()) {
                p.send(new ProducerRecord<>(Topics.POLICIES, e.getKey(), e.getValue())).get(30, TimeUnit.SECONDS);
            }
        }

        Map<String, Outcome> expected = new HashMap<>();
        List<Flow> flows = new ArrayList<>(FLOWS);
        for (int i = 0; i < FLOWS; i++) {
            int t = i % templates.size();
            Flow f = Flow.newBuilder(templates.get(t)).setUuid(String.format(Locale.ROOT, "eos-%06d", i))
                    .setNodeName("eos-node-" + (i % NODES)).build();
            flows.add(f);
            expected.put(f.getUuid(), templateOutcomes.get(t));
        }

        long start = System.nanoTime();
        AtomicInteger produced = new AtomicInteger();
        AtomicInteger committedCount = new AtomicInteger();
        AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        CountDownLatch judging = new CountDownLatch(1);
        Thread producer = new Thread(() -> produce(flows, judging, committedCount, produced, producerFailure),
                "eos-it-producer");
        Map<String, Integer> committed = new HashMap<>();
        try (TopicReader<Verdict> verdicts = TopicReader.committed(KAFKA.bootstrapServers(), Topics.VERDICTS,
                TOPICS.verdicts().valueSerde().deserializer())) {
            // Given the application running as its own process, judging a stream of flows
            Process first = startApp(dir, stateDir, 1);
            awaitStarted(first, dir.resolve("run-1.err"));
            producer.start();
            ItClients.await("the first committed verdict", Duration.ofSeconds(90), () -> {
                count(verdicts.poll(Duration.ofMillis(100)), committed, committedCount);
                assertAlive(first, dir.resolve("run-1.err"));
                return !verdicts.records().isEmpty();
            }, () -> produced.get() + " produced");
            judging.countDown();
            double judgingAt = seconds(start);

            // When it is killed (SIGKILL) once some, but not all, verdicts are committed
            ItClients.await(KILL_AFTER_COMMITTED + " committed verdicts before the kill", Duration.ofSeconds(90), () -> {
                count(verdicts.poll(Duration.ofMillis(100)), committed, committedCount);
                assertAlive(first, dir.resolve("run-1.err"));
                return verdicts.records().size() >= KILL_AFTER_COMMITTED;
            }, () -> verdicts.records().size() + " committed, " + produced.get() + " produced");
            first.destroyForcibly();
            double killedAt = seconds(start);
            int producedAtKill = produced.get();
            boolean dead = first.waitFor(30, TimeUnit.SECONDS);
            count(verdicts.poll(Duration.ofMillis(200)), committed, committedCount);
            int committedAtKill = verdicts.records().size();
            System.out.printf(Locale.ROOT, "ExactlyOnceCrashIT: first verdict committed at %.1f s; SIGKILL at %.1f s: %d"
                    + " of %d flows produced, %d verdicts committed; exit code %s%n", judgingAt, killedAt,
                    producedAtKill, FLOWS, committedAtKill,
                    dead ? String.valueOf(first.exitValue()) : "none yet");
            assertThat(dead).as("the killed process is gone").isTrue();
            assertThat(committedAtKill).as("killed mid-stream").isGreaterThan(0).isLessThan(FLOWS);

            // and restarted with the same command, application id and state directory
            Process second = startApp(dir, stateDir, 2);
            double restartedAt = seconds(start);

            // Then the committed verdicts reach one per flow
            ItClients.await(FLOWS + " distinct committed verdicts after the restart", Duration.ofSeconds(180), () -> {
                count(verdicts.poll(Duration.ofMillis(200)), committed, committedCount);
                assertAlive(second, dir.resolve("run-2.err"));
                return committed.size() >= FLOWS;
            }, () -> committed.size() + " distinct of " + verdicts.records().size() + " committed, " + produced.get()
                    + " produced, producer failure " + producerFailure.get());
            double doneAt = seconds(start);
            // a duplicate would be committed after its original: read on for longer than a commit interval (1 s)
            long quietUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < quietUntil) {
                count(verdicts.poll(Duration.ofMillis(200)), committed, committedCount);
            }
            producer.join(10_000);
            assertThat(producerFailure.get()).as("producer failure").isNull();

            long duplicates = committed.values().stream().filter(c -> c > 1).mapToLong(c -> c - 1).sum();
            long lost = expected.keySet().stream().filter(u -> !committed.containsKey(u)).count();
            long unexpected = committed.keySet().stream().filter(u -> !expected.containsKey(u)).count();
            int uncommittedView = countReadUncommitted();
            System.out.printf(Locale.ROOT, "ExactlyOnceCrashIT: %d flows; killed at %.1f s with %d verdicts committed;"
                            + " restarted at %.1f s; %d verdicts (read_committed) after the restart at %.1f s:"
                            + " %d distinct, duplicates=%d, lost=%d; read_uncommitted sees %d records (%d from aborted"
                            + " transactions)%n", FLOWS, killedAt, committedAtKill, restartedAt,
                    verdicts.records().size(), doneAt, committed.size(), duplicates, lost, uncommittedView,
                    uncommittedView - verdicts.records().size());

            assertThat(duplicates).as("duplicated verdicts").isZero();
            assertThat(lost).as("lost verdicts").isZero();
            assertThat(unexpected).as("verdicts of unknown flows").isZero();
            assertThat(verdicts.records()).hasSize(FLOWS);
            List<String> wrong = verdicts.records().stream().map(ConsumerRecord::value)
                    .filter(v -> v.getVerdict() != expected.get(v.getFlowUuid()))
                    .limit(5).map(v -> v.getFlowUuid() + "=" + v.getVerdict()).toList();
            assertThat(wrong).as("verdicts that differ from the seed case's expectations").isEmpty();
            assertThat(second.isAlive()).as("the restarted application still runs").isTrue();
        } finally {
            producer.interrupt();
            producer.join(10_000);
            for (Process p : children) {
                stop(p);
            }
        }
    }

    /**
     * Produces the flows keyed by node: one batch, then (once the application judges) the rest at a steady pace,
     * a batch every 100 ms, at most {@link #MAX_LEAD} ahead of the committed verdicts.
     */
    private static void produce(List<Flow> flows, CountDownLatch judging, AtomicInteger committed,
                                AtomicInteger produced, AtomicReference<Throwable> failure) {
        try (KafkaProducer<String, Flow> p = ItClients.producer(KAFKA.bootstrapServers(),
                TOPICS.flows().valueSerde().serializer())) {
            for (int i = 0; i < flows.size() && !Thread.currentThread().isInterrupted(); i += BATCH) {
                if (i == BATCH && !judging.await(90, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the application judged nothing within 90 s");
                }
                while (i - committed.get() > MAX_LEAD) {
                    Thread.sleep(20);
                }
                long next = System.nanoTime() + 100_000_000L;
                for (Flow f : flows.subList(i, Math.min(i + BATCH, flows.size()))) {
                    p.send(new ProducerRecord<>(Topics.FLOWS, f.getNodeName(), f), (m, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                }
                p.flush();
                produced.set(Math.min(i + BATCH, flows.size()));
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000L);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    /**
     * Starts {@code flowaudit run --exactly-once --follow} as a child JVM with this JVM's classpath; stdout (the
     * verdict lines) and stderr go to {@code run-<n>.out} / {@code run-<n>.err} in {@code dir}.
     */
    private Process startApp(Path dir, Path stateDir, int n) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"),
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.flowaudit.schemas.avro",
                "io.flowaudit.cli.Main", "run", "--bootstrap-servers", KAFKA.bootstrapServers(), "--exactly-once",
                "--follow", "--application-id", APPLICATION_ID, "--set", "state.dir=" + stateDir,
                // the killed member leaves the group after its session times out: keep that short (the broker's minimum)
                "--set", "session.timeout.ms=6000");
        Files.writeString(dir.resolve("run-" + n + ".cmd"), String.join(" ", cmd) + "\n");
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("run-" + n + ".out").toFile())
                .redirectError(dir.resolve("run-" + n + ".err").toFile()).start();
        children.add(p);
        System.out.printf("ExactlyOnceCrashIT: started flowaudit run #%d, pid %d, output in %s%n", n, p.pid(), dir);
        return p;
    }

    private static void awaitStarted(Process p, Path err) {
        ItClients.await("'flowaudit run' to start", Duration.ofSeconds(60), () -> {
            assertAlive(p, err);
            return read(err).contains("run: application '" + APPLICATION_ID + "' started");
        }, () -> tail(err));
    }

    private static void assertAlive(Process p, Path err) {
        if (!p.isAlive()) {
            throw new AssertionError("flowaudit run (pid " + p.pid() + ") exited with " + p.exitValue() + ":\n" + tail(err));
        }
    }

    private static void count(List<ConsumerRecord<String, Verdict>> records, Map<String, Integer> byUuid,
                              AtomicInteger total) {
        for (var r : records) {
            byUuid.merge(r.value().getFlowUuid(), 1, Integer::sum);
        }
        total.addAndGet(records.size());
    }

    /** Records on the verdicts topic as a read_uncommitted consumer sees them (aborted ones included). */
    private static int countReadUncommitted() {
        try (TopicReader<Verdict> all = new TopicReader<>(KAFKA.bootstrapServers(), Topics.VERDICTS,
                TOPICS.verdicts().valueSerde().deserializer(), IsolationLevel.READ_UNCOMMITTED)) {
            return all.drain(Duration.ofSeconds(1), Duration.ofSeconds(30)).size();
        }
    }

    private static void stop(Process p) throws InterruptedException {
        if (!p.isAlive()) {
            return;
        }
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(Path f) {
        String s = read(f);
        return s.length() > 4000 ? "..." + s.substring(s.length() - 4000) : s;
    }
}
