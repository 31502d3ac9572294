package io.flowaudit.it;

import io.flowaudit.schemas.Topic;
import io.flowaudit.schemas.Topics;
import io.flowaudit.streams.FlowauditTopology;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** Creates flowaudit's topics on the test broker (it does not auto-create topics), as {@code flowaudit run} does. */
final class ItTopics {
    private static final Set<String> COMPACTED = Topics.embedded().all().stream().filter(Topic::compacted)
            .map(Topic::name).collect(Collectors.toSet());

    private ItTopics() {
    }

    /**
     * Every topic of {@link FlowauditTopology.TopicNames} for one test, named {@code <prefix>.<default name>}, so
     * tests sharing a broker never see each other's records: the policy topics compacted with one partition, the
     * others with {@code partitions}.
     */
    static FlowauditTopology.TopicNames create(Admin admin, String prefix, int partitions) {
        RecordComponent[] parts = FlowauditTopology.TopicNames.class.getRecordComponents();
        Object[] names = new Object[parts.length];
        List<String> plain = new ArrayList<>();
        try {
            for (int i = 0; i < parts.length; i++) {
                String name = (String) parts[i].getAccessor().invoke(FlowauditTopology.TopicNames.DEFAULTS);
                names[i] = prefix + "." + name;
                if (COMPACTED.contains(name)) {
                    createCompacted(admin, (String) names[i]);
                } else {
                    plain.add((String) names[i]);
                }
            }
            createPlain(admin, plain, partitions);
            return FlowauditTopology.TopicNames.class.getDeclaredConstructor(
                    Arrays.stream(parts).map(RecordComponent::getType).toArray(Class<?>[]::new)).newInstance(names);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot derive per-test topic names from TopicNames.DEFAULTS", e);
        }
    }

    /** Plain topics with {@code partitions} partitions and the broker's replication factor. */
    static void createPlain(Admin admin, List<String> names, int partitions) {
        await(admin, names.stream().map(n -> new NewTopic(n, partitions, (short) -1)).toList());
    }

    /** A compacted one-partition topic, as the policy topics are. */
    static void createCompacted(Admin admin, String name) {
        await(admin, List.of(new NewTopic(name, 1, (short) -1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
    }

    private static void await(Admin admin, List<NewTopic> topics) {
        try {
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics " + topics + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
