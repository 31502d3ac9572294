package io.flowaudit.streams;

import io.flowaudit.schemas.Topics;
import io.flowaudit.schemas.avro.Alert;
import io.flowaudit.schemas.avro.DeadLetter;
import io.flowaudit.schemas.avro.Flow;
import io.flowaudit.schemas.avro.PolicyDocument;
import io.flowaudit.schemas.avro.Verdict;
import io.flowaudit.schemas.avro.WhatIfDiff;
import io.flowaudit.schemas.serde.AvroSerdes;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the flowaudit topology; production ({@code flowaudit run}) and tests use this one factory.
 *
 * <pre>
 * policies topic ──► global store policy-documents (accepted documents only) ──► compiled snapshot
 * candidate policies topic ──► global store candidate-policy-documents ──► candidate snapshot
 * flows topic (key: node) ──► evaluate-flows [dns-names, candidate-dns-names, identities, alert-dedup]
 *                               ├─► verdicts  ├─► denials  ├─► alerts  ├─► whatif  └─► deadletter
 * </pre>
 * Flows stay keyed by the observing node end to end: no repartition topic.
 */
public final class FlowauditTopology {
    private FlowauditTopology() {
    }

    /** Creates the value serde of a record type (embedded Avro, or registry-backed when configured). */
    @FunctionalInterface
    public interface SerdeFactory {
        <T extends SpecificRecord> Serde<T> serde(Class<T> type);

        /** Value serdes as the configuration asks: registry wire format with schema.registry.url, else embedded. */
        static SerdeFactory of(Map<String, ?> config) {
            AvroSerdes avro = AvroSerdes.of(config);
            return new SerdeFactory() {
                @Override
                public <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
                    return avro.serde(type, false);
                }
            };
        }
    }

    /** Topic names; the defaults are {@link #DEFAULTS}. */
    public record TopicNames(String flows, String policies, String candidatePolicies, String verdicts, String denials,
                             String alerts, String whatIf, String deadLetter) {
        public static final TopicNames DEFAULTS = new TopicNames(Topics.FLOWS, Topics.POLICIES, Topics.CANDIDATE_POLICIES,
                Topics.VERDICTS, Topics.DENIALS, Topics.ALERTS, Topics.WHATIF, Topics.DEAD_LETTER);
    }

    public static Topology build(StreamsBuilder builder, Map<String, ?> props, TopicNames topics, SerdeFactory serdes,
                                 FlowauditMetrics metrics) {
        FlowauditConfig config = new FlowauditConfig(withFlowsTopic(props, topics.flows()));
        PolicyState policy = new PolicyState(config.engineOptions());
        PolicyState candidate = new PolicyState(config.engineOptions());
        Serde<String> keys = Serdes.String();
        Serde<PolicyDocument> policySerde = serdes.serde(PolicyDocument.class);
        Serde<Flow> flowSerde = serdes.serde(Flow.class);
        Serde<Verdict> verdictSerde = serdes.serde(Verdict.class);
        Serde<Alert> alertSerde = serdes.serde(Alert.class);
        Serde<DeadLetter> deadLetterSerde = serdes.serde(DeadLetter.class);
        Serde<WhatIfDiff> whatIfSerde = serdes.serde(WhatIfDiff.class);

        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.POLICY_DOCUMENTS),
                        keys, policySerde).withLoggingDisabled(), topics.policies(),
                Consumed.with(keys, policySerde).withName("policies-source"),
                () -> new PolicyStoreUpdater(policy, StoreNames.POLICY_DOCUMENTS));
        // Staged policies: judged alongside the baseline, never enforcing; an empty topic costs nothing per flow.
        builder.addGlobalStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(StoreNames.CANDIDATE_POLICY_DOCUMENTS), keys, policySerde)
                        .withLoggingDisabled(), topics.candidatePolicies(),
                Consumed.with(keys, policySerde).withName("candidate-policies-source"),
                () -> new PolicyStoreUpdater(candidate, StoreNames.CANDIDATE_POLICY_DOCUMENTS));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.CANDIDATE_DNS_NAMES),
                keys, Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.DNS_NAMES), keys,
                Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.IDENTITIES), keys,
                Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.ALERT_DEDUP), keys,
                Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.COMPILED_SUBJECTS),
                keys, Serdes.String()));

        FlowDecoder decoder = new FlowDecoder(flowSerde.deserializer());
        KStream<String, Routed> out = builder
                .stream(topics.flows(), Consumed.with(keys, Serdes.ByteArray()).withName("flows-source"))
                .process(() -> new FlowProcessor(policy, candidate, decoder, config, metrics), Named.as("evaluate-flows"),
                        StoreNames.DNS_NAMES, StoreNames.CANDIDATE_DNS_NAMES, StoreNames.IDENTITIES, StoreNames.ALERT_DEDUP,
                        StoreNames.COMPILED_SUBJECTS);
        out.split(Named.as("route-"))
                .branch((k, v) -> v.target() == Routed.Target.VERDICT, Branched.withConsumer(s -> s
                        .mapValues(v -> (Verdict) v.value(), Named.as("as-verdict"))
                        .to(topics.verdicts(), Produced.with(keys, verdictSerde).withName("verdicts-sink")), "verdicts"))
                .branch((k, v) -> v.target() == Routed.Target.DENIAL, Branched.withConsumer(s -> s
                        .mapValues(v -> (Verdict) v.value(), Named.as("as-denial"))
                        .to(topics.denials(), Produced.with(keys, verdictSerde).withName("denials-sink")), "denials"))
                .branch((k, v) -> v.target() == Routed.Target.ALERT, Branched.withConsumer(s -> s
                        .mapValues(v -> (Alert) v.value(), Named.as("as-alert"))
                        .to(topics.alerts(), Produced.with(keys, alertSerde).withName("alerts-sink")), "alerts"))
                .branch((k, v) -> v.target() == Routed.Target.WHATIF, Branched.withConsumer(s -> s
                        .mapValues(v -> (WhatIfDiff) v.value(), Named.as("as-whatif"))
                        .to(topics.whatIf(), Produced.with(keys, whatIfSerde).withName("whatif-sink")), "whatif"))
                .defaultBranch(Branched.withConsumer(s -> s
                        .mapValues(v -> (DeadLetter) v.value(), Named.as("as-dead-letter"))
                        .to(topics.deadLetter(), Produced.with(keys, deadLetterSerde).withName("deadletter-sink")),
                        "deadletter"));
        return builder.build();
    }

    private static Map<String, Object> withFlowsTopic(Map<String, ?> props, String flows) {
        Map<String, Object> m = new java.util.HashMap<>(props);
        m.put(FlowauditConfig.FLOWS_TOPIC_CONFIG, flows);
        return m;
    }
}
