package io.flowaudit.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowaudit.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code flowaudit whatif --topic}: captured flows replayed from a topic on a real broker, with their original
 * timestamps, from the beginning or from a time.
 */
@Tag("integration")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WhatIfTopicIT {
    @RegisterExtension
    static final EmbeddedBrokerExtension KAFKA = new EmbeddedBrokerExtension();

    static final Path EXAMPLE = Path.of(System.getProperty("flowaudit.project.dir", "..")).toAbsolutePath()
            .resolve("ops/examples");

    record Result(int code, String out, String err) {
    }

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private String topicWithTheExampleCapture() throws Exception {
        String topic = "whatif-it-" + UUID.randomUUID();
        KAFKA.admin().createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        Result produced = run("produce", "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic", topic,
                "--flows", EXAMPLE.resolve("flows.jsonl").toString());
        assertThat(produced.code()).as(produced.err()).isZero();
        return topic;
    }

    @Test
    void shouldReplayATopicAgainstTheCandidateAndGateOnNewlyDenied() throws Exception {
        String topic = topicWithTheExampleCapture();
        Result r = run("whatif", "-q", "--baseline", EXAMPLE.resolve("whatif/baseline").toString(), "--candidate",
                EXAMPLE.resolve("whatif/candidate").toString(), "--topic", topic, "--bootstrap-servers",
                KAFKA.bootstrapServers(), "--format", "json", "--fail-on", "newly-denied");
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.out()).startsWith("{\"flows\":64").contains("\"destination\":\"kube-system/kube-dns\"")
                .contains("MISSING_DNS_RULE");
        assertThat(r.err()).contains("read 64 records of " + topic);
    }

    @Test
    void shouldStartFromAGivenTimeOfTheCapture() throws Exception {
        String topic = topicWithTheExampleCapture();
        // produce keeps each flow's observation time as the record timestamp (the capture is from 2026-05-12)
        Result later = run("whatif", "-q", "--baseline", EXAMPLE.resolve("whatif/baseline").toString(), "--candidate",
                EXAMPLE.resolve("whatif/candidate").toString(), "--topic", topic, "--bootstrap-servers",
                KAFKA.bootstrapServers(), "--from", "2026-05-12T08:14:04.850Z", "--format", "json");
        assertThat(later.code()).as(later.err()).isZero();
        assertThat(later.out()).doesNotStartWith("{\"flows\":64").doesNotStartWith("{\"flows\":0,")
                .doesNotContain("kube-system/kube-dns");
        Result none = run("whatif", "-q", "--baseline", EXAMPLE.resolve("whatif/baseline").toString(), "--candidate",
                EXAMPLE.resolve("whatif/candidate").toString(), "--topic", topic, "--bootstrap-servers",
                KAFKA.bootstrapServers(), "--from", "2100-01-01T00:00:00Z", "--format", "json");
        assertThat(none.out()).startsWith("{\"flows\":0");
    }
}
