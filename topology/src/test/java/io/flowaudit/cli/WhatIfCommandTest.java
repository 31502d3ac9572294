package io.flowaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The whatif command line: formats, the CI gate and usage errors. */
class WhatIfCommandTest {
    static final Path EXAMPLE = Path.of(System.getProperty("flowaudit.project.dir", "..")).toAbsolutePath()
            .resolve("ops/examples");

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
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

    @Test
    void shouldExitThreeWhenFailOnNewlyDeniedIsMetAndPrintMarkdown() {
        Result r = run("whatif", "-q", "--baseline", EXAMPLE.resolve("whatif/baseline").toString(), "--candidate",
                EXAMPLE.resolve("whatif/candidate").toString(), "--flows", EXAMPLE.resolve("flows.jsonl").toString(),
                "--format", "markdown", "--fail-on", "newly-denied");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).contains("| NEWLY_DENIED |").contains("`kube-system/kube-dns`").contains("MISSING_DNS_RULE");
    }

    @Test
    void shouldExitZeroWithoutAGate() {
        Result r = run("whatif", "-q", "--baseline", EXAMPLE.resolve("whatif/baseline").toString(), "--candidate",
                EXAMPLE.resolve("whatif/candidate").toString(), "--flows", EXAMPLE.resolve("flows.jsonl").toString(),
                "--format", "json");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("{\"flows\":64");
    }

    @Test
    void shouldSayWhatToFixWhenNeitherFlowsNorTopicIsGiven() {
        Result r = run("whatif", "--baseline", EXAMPLE.resolve("whatif/baseline").toString(), "--candidate",
                EXAMPLE.resolve("whatif/candidate").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--flows FILE or --topic TOPIC");
    }
}
