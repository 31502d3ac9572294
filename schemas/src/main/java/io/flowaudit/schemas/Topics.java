package io.flowaudit.schemas;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import io.flowaudit.schemas.avro.Alert;
import io.flowaudit.schemas.avro.DeadLetter;
import io.flowaudit.schemas.avro.Flow;
import io.flowaudit.schemas.avro.PolicyDocument;
import io.flowaudit.schemas.avro.PolicyKind;
import io.flowaudit.schemas.avro.Verdict;
import io.flowaudit.schemas.avro.WhatIfDiff;
import io.flowaudit.schemas.serde.AvroSerdes;

/**
 * flowaudit's topics: their names, what their keys are, and their serdes, in one place.
 *
 * <p>Every key is a plain UTF-8 string (Kafka's {@code StringSerde}), with or without a registry, so the
 * default partitioner spreads the same key to the same partition in every client and any tool can read keys.
 * Values are Avro records; {@link #of(Map)} picks their encoding from the serde configuration: the
 * schema-registry wire format when {@code schema.registry.url} is set, else Avro single-object encoding. The
 * same code therefore runs with and without a registry; only the configuration differs.
 *
 * <pre>{@code
 * Topics topics = Topics.of(streamsProperties);      // or Topics.embedded()
 * Topic<String, Flow> flows = topics.flows();
 * builder.stream(flows.name(), Consumed.with(flows.keySerde(), flows.valueSerde()));
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; build one per application and share it (its registry serdes share
 * one registry client and cache).
 */
public final class Topics {

    /** Hubble flows, keyed by the name of the node that observed them. */
    public static final String FLOWS = "flowaudit.flows";
    /** The audited policy set, compacted, keyed by {@link #policyKey(PolicyKind, String, String)}. */
    public static final String POLICIES = "flowaudit.policies";
    /** The candidate policy set of a what-if, compacted, keyed like {@link #POLICIES}. */
    public static final String CANDIDATE_POLICIES = "flowaudit.policies.candidate";
    /** A verdict for every flow, keyed by node. */
    public static final String VERDICTS = "flowaudit.verdicts";
    /** The denied verdicts, keyed by node. */
    public static final String DENIALS = "flowaudit.denials";
    /** Deduplicated alerts, keyed by their dedup key. */
    public static final String ALERTS = "flowaudit.alerts";
    /** What-if diffs, keyed by node. */
    public static final String WHATIF = "flowaudit.whatif";
    /** Records that could not be read or processed, keyed by {@link #deadLetterKey(String, int, long)}. */
    public static final String DEAD_LETTER = "flowaudit.deadletter";

    private static final String FLOWS_DOC = "Hubble flow events (Flow). Key: the name of the node whose Cilium"
            + " agent observed the flow (Flow.nodeName, Hubble's node_name). Cilium keeps one DNS cache per node,"
            + " and a name resolved by any pod on a node serves the toFQDNs rules of every pod on that node; keying"
            + " by node puts a node's DNS answers and its later connections in the same partition, hence the same"
            + " Streams task and state store, so the toFQDNs join needs no repartition and sees each node's flows"
            + " in the order they were observed.";
    private static final String POLICIES_DOC = "The audited policy set, one raw policy object per key"
            + " (PolicyDocument), compacted. Key: Kind/namespace/name for namespaced kinds"
            + " (CiliumNetworkPolicy/shop/web-egress) or Kind/name for cluster-scoped ones"
            + " (CiliumClusterwideNetworkPolicy/deny-all), see Topics.policyKey. A tombstone (null value) deletes"
            + " the policy.";
    private static final String CANDIDATE_POLICIES_DOC = "A candidate policy set staged for a what-if, keyed and"
            + " compacted exactly like " + POLICIES + "; it never affects verdicts, only what-if diffs.";
    private static final String VERDICTS_DOC = "flowaudit's verdict for every flow (Verdict). Key: the observing"
            + " node, as on " + FLOWS + ", so a node's verdicts stay in flow order.";
    private static final String DENIALS_DOC = "The subset of " + VERDICTS + " whose verdict is DENIED, for"
            + " alerting. Key: the observing node.";
    private static final String ALERTS_DOC = "Deduplicated findings (Alert). Key: Alert.dedupKey, so repeats of a"
            + " finding land on one partition in order and a consumer can keep the latest per key.";
    private static final String WHATIF_DOC = "Flows whose outcome differs between the audited and the candidate"
            + " policy set (WhatIfDiff). Key: the observing node of the flow.";
    private static final String DEAD_LETTER_DOC = "Records that could not be read or processed, with their"
            + " original bytes and the reason (DeadLetter). Key: sourceTopic/partition/offset of the original"
            + " record (Topics.deadLetterKey), which identifies it, so a bad record dead-lettered again after a"
            + " restart has the same key.";

    private final Topic<String, Flow> flows;
    private final Topic<String, PolicyDocument> policies;
    private final Topic<String, PolicyDocument> candidatePolicies;
    private final Topic<String, Verdict> verdicts;
    private final Topic<String, Verdict> denials;
    private final Topic<String, Alert> alerts;
    private final Topic<String, WhatIfDiff> whatIf;
    private final Topic<String, DeadLetter> deadLetter;
    private final boolean usesRegistry;

    private Topics(AvroSerdes serdes) {
        this.usesRegistry = serdes.usesRegistry();
        this.flows = topic(FLOWS, serdes.serde(Flow.class, false), false, FLOWS_DOC);
        this.policies = topic(POLICIES, serdes.serde(PolicyDocument.class, false), true, POLICIES_DOC);
        this.candidatePolicies = topic(CANDIDATE_POLICIES, serdes.serde(PolicyDocument.class, false), true,
                CANDIDATE_POLICIES_DOC);
        Serde<Verdict> verdictSerde = serdes.serde(Verdict.class, false);
        this.verdicts = topic(VERDICTS, verdictSerde, false, VERDICTS_DOC);
        this.denials = topic(DENIALS, verdictSerde, false, DENIALS_DOC);
        this.alerts = topic(ALERTS, serdes.serde(Alert.class, false), false, ALERTS_DOC);
        this.whatIf = topic(WHATIF, serdes.serde(WhatIfDiff.class, false), false, WHATIF_DOC);
        this.deadLetter = topic(DEAD_LETTER, serdes.serde(DeadLetter.class, false), false, DEAD_LETTER_DOC);
    }

    /**
     * The topics with serdes chosen by {@code serdeConfig} (see {@code io.flowaudit.schemas.serde.SerdeConfig});
     * other keys are ignored, so the whole Streams configuration may be passed.
     *
     * @throws org.apache.kafka.common.config.ConfigException when a serde setting is invalid
     */
    public static Topics of(Map<String, ?> serdeConfig) {
        return new Topics(AvroSerdes.of(Objects.requireNonNull(serdeConfig, "serdeConfig can't be null")));
    }

    /** The topics with the embedded (registry-free) encoding. */
    public static Topics embedded() {
        return of(Map.of());
    }

    public Topic<String, Flow> flows() {
        return flows;
    }

    public Topic<String, PolicyDocument> policies() {
        return policies;
    }

    public Topic<String, PolicyDocument> candidatePolicies() {
        return candidatePolicies;
    }

    public Topic<String, Verdict> verdicts() {
        return verdicts;
    }

    public Topic<String, Verdict> denials() {
        return denials;
    }

    public Topic<String, Alert> alerts() {
        return alerts;
    }

    public Topic<String, WhatIfDiff> whatIf() {
        return whatIf;
    }

    public Topic<String, DeadLetter> deadLetter() {
        return deadLetter;
    }

    /** Every topic, inputs first, e.g. to create them. */
    public List<Topic<String, ?>> all() {
        return List.of(flows, policies, candidatePolicies, verdicts, denials, alerts, whatIf, deadLetter);
    }

    /** Whether values use the schema-registry wire format (else single-object encoding). */
    public boolean usesRegistry() {
        return usesRegistry;
    }

    /**
     * The key of a policy object on {@value #POLICIES} and {@value #CANDIDATE_POLICIES}: {@code Kind/namespace/name},
     * or {@code Kind/name} for {@code CiliumClusterwideNetworkPolicy}, whose namespace is ignored as Kubernetes
     * ignores it, so that the same object always gets the same key and compaction keeps one copy.
     *
     * @param namespace the object's namespace; may be null (or empty) only for cluster-scoped kinds and OTHER
     * @throws IllegalArgumentException when a namespaced kind has no namespace, or a part is empty or contains
     *         {@code /}
     */
    public static String policyKey(PolicyKind kind, String namespace, String name) {
        Objects.requireNonNull(kind, "kind can't be null");
        Objects.requireNonNull(name, "name can't be null");
        requireKeyPart("name", name);
        boolean clusterScoped = kind == PolicyKind.CiliumClusterwideNetworkPolicy;
        boolean hasNamespace = namespace != null && !namespace.isEmpty();
        if (clusterScoped || !hasNamespace) {
            if (!clusterScoped && kind != PolicyKind.OTHER) {
                throw new IllegalArgumentException(kind + " " + name + " is namespaced but has no namespace");
            }
            return kind.name() + "/" + name;
        }
        requireKeyPart("namespace", namespace);
        return kind.name() + "/" + namespace + "/" + name;
    }

    /** {@link #policyKey(PolicyKind, String, String)} of a document's kind, namespace and name. */
    public static String policyKey(PolicyDocument document) {
        Objects.requireNonNull(document, "document can't be null");
        return policyKey(document.getKind(), document.getNamespace(), document.getName());
    }

    /** The key of a dead letter on {@value #DEAD_LETTER}: {@code topic/partition/offset} of the original record. */
    public static String deadLetterKey(String topic, int partition, long offset) {
        Objects.requireNonNull(topic, "topic can't be null");
        return topic + "/" + partition + "/" + offset;
    }

    @Override
    public String toString() {
        return "Topics[" + (usesRegistry ? "schema registry" : "embedded encoding") + "]";
    }

    private static <V> Topic<String, V> topic(String name, Serde<V> valueSerde, boolean compacted, String doc) {
        return new Topic<>(name, Serdes.String(), valueSerde, compacted, doc);
    }

    private static void requireKeyPart(String what, String value) {
        // Kubernetes names never contain '/', and the key's parts are separated by it.
        if (value.isEmpty() || value.indexOf('/') >= 0) {
            throw new IllegalArgumentException("a policy " + what + " must be non-empty and contain no '/': \""
                    + value + "\"");
        }
    }
}
