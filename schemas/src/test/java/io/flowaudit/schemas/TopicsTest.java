package io.flowaudit.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;

import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.flowaudit.schemas.avro.Flow;
import io.flowaudit.schemas.avro.PolicyDocument;
import io.flowaudit.schemas.avro.PolicyKind;
import io.flowaudit.schemas.serde.EmbeddedAvroSerde;
import io.flowaudit.schemas.serde.RegistryAvroSerde;

class TopicsTest {

    @Test
    void shouldNameEveryTopicInTheFlowauditNamespace() {
        assertThat(Topics.embedded().all()).extracting(Topic::name).containsExactly(
                "flowaudit.flows",
                "flowaudit.policies",
                "flowaudit.policies.candidate",
                "flowaudit.verdicts",
                "flowaudit.denials",
                "flowaudit.alerts",
                "flowaudit.whatif",
                "flowaudit.deadletter");
    }

    @Test
    void shouldTieEachAccessorToItsNamedConstant() {
        Topics topics = Topics.embedded();

        assertThat(topics.flows().name()).isEqualTo(Topics.FLOWS);
        assertThat(topics.policies().name()).isEqualTo(Topics.POLICIES);
        assertThat(topics.candidatePolicies().name()).isEqualTo(Topics.CANDIDATE_POLICIES);
        assertThat(topics.verdicts().name()).isEqualTo(Topics.VERDICTS);
        assertThat(topics.denials().name()).isEqualTo(Topics.DENIALS);
        assertThat(topics.alerts().name()).isEqualTo(Topics.ALERTS);
        assertThat(topics.whatIf().name()).isEqualTo(Topics.WHATIF);
        assertThat(topics.deadLetter().name()).isEqualTo(Topics.DEAD_LETTER);
    }

    @Test
    void shouldKeyEveryTopicWithPlainStrings() {
        for (Topic<String, ?> topic : Topics.embedded().all()) {
            assertThat(topic.keySerde()).as(topic.name()).isInstanceOf(Serdes.String().getClass());
            assertThat(topic.keySerde().serializer().serialize(topic.name(), "kind-worker2"))
                    .isEqualTo("kind-worker2".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldCompactOnlyThePolicyTopics() {
        assertThat(Topics.embedded().all()).filteredOn(Topic::compacted).extracting(Topic::name)
                .containsExactly(Topics.POLICIES, Topics.CANDIDATE_POLICIES);
    }

    @Test
    void shouldUseTheEmbeddedEncodingWithoutARegistry() {
        Topics topics = Topics.of(Map.of("application.id", "flowaudit"));

        assertThat(topics.usesRegistry()).isFalse();
        assertThat(topics.all()).extracting(Topic::valueSerde).allMatch(EmbeddedAvroSerde.class::isInstance);
        Flow flow = Samples.httpRequestThroughProxy();
        byte[] bytes = topics.flows().valueSerde().serializer().serialize(Topics.FLOWS, flow);
        assertThat(topics.flows().valueSerde().deserializer().deserialize(Topics.FLOWS, bytes)).isEqualTo(flow);
    }

    @Test
    void shouldUseTheRegistryFormatWhenARegistryUrlIsConfigured() throws IOException {
        // Nothing is sent until a record is serialized, so an address is all the factory needs.
        HttpServer unused = HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        try {
            Topics topics = Topics.of(Map.of("schema.registry.url",
                    "http://127.0.0.1:" + unused.getAddress().getPort()));

            assertThat(topics.usesRegistry()).isTrue();
            assertThat(topics.all()).extracting(Topic::valueSerde).allMatch(RegistryAvroSerde.class::isInstance);
            assertThat(topics.all()).extracting(Topic::keySerde).allMatch(Serdes.String().getClass()::isInstance);
        } finally {
            unused.stop(0);
        }
    }

    @Test
    void shouldPassPolicyTombstonesThroughAsNull() {
        Topic<String, PolicyDocument> policies = Topics.embedded().policies();

        byte[] tombstone = policies.valueSerde().serializer().serialize(Topics.POLICIES, null);

        assertThat(tombstone).isNull();
        assertThat(policies.valueSerde().deserializer().deserialize(Topics.POLICIES, null)).isNull();
    }

    @Test
    void shouldDocumentWhatEachKeyIs() {
        Topics topics = Topics.embedded();

        assertThat(topics.flows().doc()).contains("node", "DNS cache", "toFQDNs", "order");
        assertThat(topics.policies().doc()).contains("Kind/namespace/name", "tombstone");
        assertThat(topics.alerts().doc()).contains("dedupKey");
        assertThat(topics.deadLetter().doc()).contains("sourceTopic/partition/offset");
    }

    @Test
    void shouldKeyNamespacedPoliciesByKindNamespaceAndName() {
        assertThat(Topics.policyKey(Samples.policyFromKubernetes())).isEqualTo("CiliumNetworkPolicy/shop/web-egress");
        assertThat(Topics.policyKey(PolicyKind.NetworkPolicy, "payments", "api-ingress"))
                .isEqualTo("NetworkPolicy/payments/api-ingress");
    }

    @Test
    void shouldKeyClusterwidePoliciesByKindAndNameIgnoringANamespace() {
        assertThat(Topics.policyKey(Samples.minimalPolicyDocument()))
                .isEqualTo("CiliumClusterwideNetworkPolicy/deny-shop-to-payments");
        assertThat(Topics.policyKey(PolicyKind.CiliumClusterwideNetworkPolicy, "default", "deny-shop-to-payments"))
                .as("Kubernetes ignores the namespace of a cluster-scoped object, so the key must too")
                .isEqualTo("CiliumClusterwideNetworkPolicy/deny-shop-to-payments");
    }

    @Test
    void shouldRefuseANamespacedPolicyWithoutNamespaceOrWithASlash() {
        assertThatThrownBy(() -> Topics.policyKey(PolicyKind.CiliumNetworkPolicy, null, "web-egress"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("namespaced but has no namespace");
        assertThatThrownBy(() -> Topics.policyKey(PolicyKind.CiliumNetworkPolicy, "shop", "a/b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"a/b\"");
    }

    @Test
    void shouldKeyDeadLettersByTheOriginalRecordsCoordinates() {
        assertThat(Topics.deadLetterKey(Topics.FLOWS, 3, 1_234_567L)).isEqualTo("flowaudit.flows/3/1234567");
    }

    @Test
    void shouldRefuseATopicWithoutNameOrSerdes() {
        assertThatThrownBy(() -> new Topic<>(" ", Serdes.String(), Serdes.String(), false, "doc"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Topic<String, String>("t", null, Serdes.String(), false, "doc"))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("keySerde can't be null");
    }
}
