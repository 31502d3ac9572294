package io.flowaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Argument checking of {@code flowaudit produce}; nothing here reaches a broker (127.0.0.1:1 refuses). */
class ProduceCommandTest {
    private static final String NOWHERE = "127.0.0.1:1";

    @TempDir
    Path dir;

    @Test
    void shouldSayHowToNameTheClusterWhenBootstrapServersAreMissing() {
        CliRun run = CliRun.of("produce", "--flows", dir.resolve("flows.jsonl").toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("Missing --bootstrap-servers")
                .contains("--bootstrap-servers localhost:9092")
                .contains("bootstrap.servers in --config")
                .contains("Usage: flowaudit produce");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldAcceptBootstrapServersFromSet() {
        CliRun run = CliRun.of("produce", "--set", "bootstrap.servers=" + NOWHERE);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).doesNotContain("Missing --bootstrap-servers")
                .contains("Missing input: give --flows FILE, --policies PATH... or --delete KIND/NS/NAME");
    }

    @Test
    void shouldRejectTwoInputsAtOnce() {
        CliRun run = CliRun.of("produce", "-b", NOWHERE, "--flows", "f.jsonl", "--policies", "p/");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--flows, --policies and --delete are alternatives");
    }

    @Test
    void shouldRejectCandidateForFlows() {
        CliRun run = CliRun.of("produce", "-b", NOWHERE, "--flows", "f.jsonl", "--candidate");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--candidate selects the candidate policy topic");
    }

    @Test
    void shouldRejectCandidateWithTopic() {
        CliRun run = CliRun.of("produce", "-b", NOWHERE, "--policies", "p/", "--candidate", "--topic", "x");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--candidate and --topic both choose the topic");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5"})
    void shouldRejectRateBelowOne(String rate) {
        CliRun run = CliRun.of("produce", "-b", NOWHERE, "--flows", "f.jsonl", "--rate", rate);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--rate " + rate + ": give at least 1 record per second");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CiliumNetworkPolicy", "Pod/dev/web", "CiliumNetworkPolicy/dev/web/extra",
            "CiliumNetworkPolicy/web", "CiliumNetworkPolicy//web", "CiliumClusterwideNetworkPolicy/dev/deny-all"})
    void shouldRejectMalformedDeleteKeys(String key) {
        CliRun run = CliRun.of("produce", "-b", NOWHERE, "--delete", key);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--delete '" + key + "'");
    }

    @Test
    void shouldNormaliseDeleteKeysToTopicKeys() {
        CommandLine cl = new CommandLine(new ProduceCommand());

        assertThat(ProduceCommand.deleteKey(cl, "ciliumnetworkpolicy/shop/web-egress"))
                .isEqualTo("CiliumNetworkPolicy/shop/web-egress");
        assertThat(ProduceCommand.deleteKey(cl, "CiliumClusterwideNetworkPolicy/deny-all"))
                .isEqualTo("CiliumClusterwideNetworkPolicy/deny-all");
        assertThatThrownBy(() -> ProduceCommand.deleteKey(cl, "NetworkPolicy/a/b/c"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("expected KIND/NAMESPACE/NAME");
    }

    @Test
    void shouldReportAMissingFlowFileBeforeConnecting() {
        Path missing = dir.resolve("missing.jsonl");

        CliRun run = CliRun.of("produce", "-b", NOWHERE, "--flows", missing.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("produce: error: --flows " + missing + ": no such file");
    }

    @Test
    void shouldReportAMissingPolicyPathBeforeConnecting() {
        Path missing = dir.resolve("policies");

        CliRun run = CliRun.of("produce", "-b", NOWHERE, "--policies", missing.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("--policies " + missing + ": no such file or directory");
    }

    @Test
    void shouldRefuseADirectoryWithoutPolicyObjectsBeforeConnecting() throws IOException {
        Files.writeString(dir.resolve("pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n");

        CliRun run = CliRun.of("produce", "-b", NOWHERE, "--policies", dir.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("no CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy or NetworkPolicy"
                + " objects found in [" + dir + "]; nothing written");
    }

    @Test
    void shouldNameAnUnreadableConfigFile() {
        Path missing = dir.resolve("client.properties");

        CliRun run = CliRun.of("produce", "-b", NOWHERE, "--config", missing.toString(), "--flows", "f.jsonl");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--config " + missing + ": cannot read");
    }

    @Test
    void shouldNotEchoSecretsInUsageErrors() {
        CliRun run = CliRun.of("produce", "-b", NOWHERE, "--set",
                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " password=\"s3cr3t\";");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).doesNotContain("s3cr3t");
    }

    @Test
    void shouldDescribeItselfInHelp() {
        CliRun run = CliRun.of("produce", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: flowaudit produce").contains("--bootstrap-servers=HOST:PORT")
                .contains("--delete=KIND/NS/NAME").contains("--rate=N");
    }
}
