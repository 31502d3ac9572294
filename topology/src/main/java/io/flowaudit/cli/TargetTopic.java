package io.flowaudit.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Makes sure the one topic {@code produce} writes to exists, so that producing to a fresh cluster (brokers run with
 * {@code auto.create.topics.enable=false}) does not block for {@code max.block.ms} and fail. Unlike
 * {@link TopicSetup} it touches only that topic and needs only Describe (and Create when missing) on it.
 */
final class TargetTopic {
    private TargetTopic() {
    }

    /**
     * Creates {@code name} when it does not exist: compacted with one partition (the policy topics), or with
     * {@code partitions} partitions; the broker's default replication factor.
     *
     * @return an error message for people; empty when the topic exists or was created; a cluster that does
     *         not let us describe the topic gets a warning and the benefit of the doubt
     */
    static Optional<String> ensure(Admin admin, String name, boolean compacted, int partitions, PrintWriter err,
                                   String command)
            throws InterruptedException {
        try {
            admin.describeTopics(List.of(name)).allTopicNames().get();
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException) {
                err.println(command + ": warning: not allowed to describe topic " + name + " ("
                        + e.getCause().getMessage() + "); assuming it exists");
                return Optional.empty();
            }
            if (e.getCause() instanceof TimeoutException) {
                return Optional.of("no answer from the cluster about topic " + name + " (" + e.getCause().getMessage()
                        + "); check --bootstrap-servers and that the cluster is up");
            }
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                return Optional.of("cannot describe topic " + name + ": " + e.getCause().getMessage());
            }
        }
        NewTopic topic = compacted
                ? new NewTopic(name, 1, (short) -1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT))
                : new NewTopic(name, partitions, (short) -1);
        try {
            admin.createTopics(List.of(topic)).all().get();
            err.println(command + ": created topic " + name + (compacted ? " (compacted, 1 partition)"
                    : " (" + partitions + " partitions)"));
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return Optional.empty();
            }
            return Optional.of("topic " + name + " does not exist and cannot be created: " + e.getCause().getMessage());
        }
    }
}
