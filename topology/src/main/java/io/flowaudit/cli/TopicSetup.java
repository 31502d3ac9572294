package io.flowaudit.cli;

import io.flowaudit.schemas.Topic;
import io.flowaudit.schemas.Topics;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates flowaudit's topics when missing: the policy topics compacted with one partition, the rest with N. */
final class TopicSetup {
    private TopicSetup() {
    }

    static void ensure(Admin admin, Topics topics, int partitions, PrintWriter err) throws InterruptedException {
        Set<String> existing;
        try {
            existing = admin.listTopics().names().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics: " + e.getCause().getMessage(), e.getCause());
        }
        List<NewTopic> create = new ArrayList<>();
        for (Topic<String, ?> t : topics.all()) {
            if (existing.contains(t.name())) {
                continue;
            }
            NewTopic nt = t.compacted() ? new NewTopic(t.name(), 1, (short) -1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))
                    : new NewTopic(t.name(), partitions, (short) -1);
            create.add(nt);
        }
        if (create.isEmpty()) {
            return;
        }
        try {
            admin.createTopics(create).all().get();
            err.println("run: created topics " + create.stream().map(NewTopic::name).toList());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics: " + e.getCause().getMessage(), e.getCause());
            }
        }
    }
}
