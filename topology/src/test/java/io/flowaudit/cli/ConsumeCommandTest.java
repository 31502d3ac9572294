package io.flowaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowaudit.cli.ConsumeCommand.RecordType;
import io.flowaudit.schemas.Topics;
import org.junit.jupiter.api.Test;

/** Argument checking of {@code flowaudit consume}; nothing here reaches a broker (127.0.0.1:1 refuses). */
class ConsumeCommandTest {
    private static final String NOWHERE = "127.0.0.1:1";

    @Test
    void shouldSayHowToNameTheClusterWhenBootstrapServersAreMissing() {
        CliRun run = CliRun.of("consume", "--topic", Topics.VERDICTS);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("Missing --bootstrap-servers").contains("--bootstrap-servers localhost:9092")
                .contains("Usage: flowaudit consume");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldRequireATopic() {
        CliRun run = CliRun.of("consume", "-b", NOWHERE);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required option: '--topic=TOPIC'");
    }

    @Test
    void shouldAskForTheTypeOfAForeignTopic() {
        CliRun run = CliRun.of("consume", "-b", NOWHERE, "--topic", "my.flows");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--topic my.flows is not one of flowaudit's topics")
                .contains(Topics.DEAD_LETTER).contains("--type: flow, policy, verdict, alert, whatif or deadletter");
    }

    @Test
    void shouldRejectAnUnknownType() {
        CliRun run = CliRun.of("consume", "-b", NOWHERE, "--topic", "my.flows", "--type", "packets");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--type");
    }

    @Test
    void shouldRejectMaxBelowOne() {
        CliRun run = CliRun.of("consume", "-b", NOWHERE, "--topic", Topics.FLOWS, "--max", "0");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--max 0: give at least 1");
    }

    @Test
    void shouldRejectTimeoutBelowOneMillisecond() {
        CliRun run = CliRun.of("consume", "-b", NOWHERE, "--topic", Topics.FLOWS, "--timeout-ms", "0");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--timeout-ms 0: give at least 1 ms");
    }

    @Test
    void shouldKnowTheRecordTypeOfEveryFlowauditTopic() {
        assertThat(RecordType.ofTopic(Topics.FLOWS)).contains(RecordType.FLOW);
        assertThat(RecordType.ofTopic(Topics.POLICIES)).contains(RecordType.POLICY);
        assertThat(RecordType.ofTopic(Topics.CANDIDATE_POLICIES)).contains(RecordType.POLICY);
        assertThat(RecordType.ofTopic(Topics.VERDICTS)).contains(RecordType.VERDICT);
        assertThat(RecordType.ofTopic(Topics.DENIALS)).contains(RecordType.VERDICT);
        assertThat(RecordType.ofTopic(Topics.ALERTS)).contains(RecordType.ALERT);
        assertThat(RecordType.ofTopic(Topics.WHATIF)).contains(RecordType.WHATIF);
        assertThat(RecordType.ofTopic(Topics.DEAD_LETTER)).contains(RecordType.DEADLETTER);
        assertThat(RecordType.ofTopic("flowaudit.other")).isEmpty();
        assertThat(Topics.embedded().all()).allSatisfy(t -> assertThat(RecordType.ofTopic(t.name())).isPresent());
    }

    @Test
    void shouldDescribeItselfInHelp() {
        CliRun run = CliRun.of("consume", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: flowaudit consume").contains("--from-beginning")
                .contains("--timeout-ms=MS").contains("--follow").contains("--type=TYPE");
    }
}
