package io.flowaudit.connect.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.flowaudit.connect.common.TestTaskContext;
import io.flowaudit.schemas.Topics;
import io.flowaudit.schemas.avro.PolicyDocument;
import io.flowaudit.schemas.avro.PolicyKind;

/** The Kubernetes source against fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class KubernetesPolicySourceTest {
    private static final Deserializer<PolicyDocument> DOCUMENTS =
            Topics.embedded().policies().valueSerde().deserializer();

    static KubernetesClient client;
    static KubernetesMockServer server;

    private final List<PolicySourceTask> tasks = new ArrayList<>();

    @AfterEach
    void stop() {
        tasks.forEach(PolicySourceTask::stop);
    }

    private TestTaskContext context() {
        return context("CiliumNetworkPolicy,CiliumClusterwideNetworkPolicy");
    }

    private TestTaskContext context(String kinds) {
        return new TestTaskContext(Map.of("policy.source", "kubernetes", "k8s.master.url",
                client.getMasterUrl().toString(), "k8s.trust.certs", "true", "k8s.oauth.token", "test",
                "policy.kinds", kinds, "poll.timeout.ms", "20"));
    }

    private PolicySourceTask start(TestTaskContext context) {
        PolicySourceTask task = new PolicySourceTask();
        task.initialize(context);
        task.start(context.configs());
        tasks.add(task);
        return task;
    }

    private static MixedOperation<GenericKubernetesResource, ?, Resource<GenericKubernetesResource>> cnps() {
        return client.genericKubernetesResources(PolicyResource.of(PolicyKind.CiliumNetworkPolicy).context());
    }

    private static MixedOperation<GenericKubernetesResource, ?, Resource<GenericKubernetesResource>> ccnps() {
        return client.genericKubernetesResources(PolicyResource.of(PolicyKind.CiliumClusterwideNetworkPolicy)
                .context());
    }

    private static GenericKubernetesResource policy(String kind, String namespace, String name, int port) {
        return new GenericKubernetesResourceBuilder().withApiVersion("cilium.io/v2").withKind(kind)
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .addToAdditionalProperties("spec", Map.of("endpointSelector", Map.of("matchLabels",
                        Map.of("app", name)), "egress", List.of(Map.of("toPorts", List.of(Map.of("ports",
                        List.of(Map.of("port", String.valueOf(port), "protocol", "TCP"))))))))
                .build();
    }

    /** Polls until {@code count} records arrived (or 15 s passed), then a little longer for extras. */
    private static List<SourceRecord> poll(PolicySourceTask task, int count) throws InterruptedException {
        List<SourceRecord> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (records.size() < count && System.nanoTime() < deadline) {
            List<SourceRecord> batch = task.poll();
            if (batch != null) {
                records.addAll(batch);
            }
        }
        for (int i = 0; i < 5; i++) {
            List<SourceRecord> batch = task.poll();
            if (batch != null) {
                records.addAll(batch);
            }
        }
        return records;
    }

    private static Map<String, PolicyDocument> byKey(List<SourceRecord> records) {
        Map<String, PolicyDocument> documents = new HashMap<>();
        for (SourceRecord record : records) {
            documents.put((String) record.key(), record.value() == null ? null
                    : DOCUMENTS.deserialize(Topics.POLICIES, (byte[]) record.value()));
        }
        return documents;
    }

    @Test
    void shouldPublishCreatedUpdatedAndDeletedPoliciesWithTombstones() throws Exception {
        cnps().inNamespace("shop").resource(policy("CiliumNetworkPolicy", "shop", "existing", 443)).create();
        PolicySourceTask task = start(context());

        // listed at start
        Map<String, PolicyDocument> listed = byKey(poll(task, 1));
        assertThat(listed).containsOnlyKeys("CiliumNetworkPolicy/shop/existing");

        // created
        cnps().inNamespace("shop").resource(policy("CiliumNetworkPolicy", "shop", "web", 80)).create();
        ccnps().resource(policy("CiliumClusterwideNetworkPolicy", null, "base", 53)).create();
        Map<String, PolicyDocument> created = byKey(poll(task, 2));
        assertThat(created).containsOnlyKeys("CiliumNetworkPolicy/shop/web", "CiliumClusterwideNetworkPolicy/base");
        PolicyDocument web = created.get("CiliumNetworkPolicy/shop/web");
        assertThat(web.getKind()).isEqualTo(PolicyKind.CiliumNetworkPolicy);
        assertThat(web.getNamespace()).isEqualTo("shop");
        assertThat(web.getSource()).isEqualTo("k8s");
        assertThat(web.getUid()).isNotBlank();
        assertThat(web.getResourceVersion()).isNotBlank();
        assertThat(web.getContent()).contains("kind: \"CiliumNetworkPolicy\"", "port: \"80\"");
        assertThat(created.get("CiliumClusterwideNetworkPolicy/base").getNamespace()).isNull();

        // updated
        GenericKubernetesResource current = cnps().inNamespace("shop").withName("web").get();
        current.setAdditionalProperty("spec", policy("CiliumNetworkPolicy", "shop", "web", 8080)
                .getAdditionalProperties().get("spec"));
        cnps().inNamespace("shop").resource(current).update();
        Map<String, PolicyDocument> updated = byKey(poll(task, 1));
        assertThat(updated).containsOnlyKeys("CiliumNetworkPolicy/shop/web");
        assertThat(updated.get("CiliumNetworkPolicy/shop/web").getContent()).contains("port: \"8080\"");

        // deleted: a tombstone
        cnps().inNamespace("shop").withName("web").delete();
        List<SourceRecord> deleted = poll(task, 1);
        assertThat(deleted).hasSize(1);
        assertThat(deleted.get(0).key()).isEqualTo("CiliumNetworkPolicy/shop/web");
        assertThat(deleted.get(0).value()).isNull();
        assertThat((String) deleted.get(0).sourceOffset().get("resourceVersion")).isNotBlank();
        assertThat((String) deleted.get(0).sourceOffset().get("keys"))
                .contains("CiliumNetworkPolicy/shop/existing=").doesNotContain("shop/web");
    }

    @Test
    void shouldResumeTheWatchFromTheStoredResourceVersionWithoutRepublishing() throws Exception {
        cnps().inNamespace("dev").resource(policy("CiliumNetworkPolicy", "dev", "keep", 1)).create();
        TestTaskContext context = context("CiliumNetworkPolicy");
        PolicySourceTask first = start(context);
        List<SourceRecord> listed = poll(first, 1);
        assertThat(byKey(listed)).containsKey("CiliumNetworkPolicy/dev/keep");
        context.commit(listed);
        first.stop();

        // while stopped: one added
        cnps().inNamespace("dev").resource(policy("CiliumNetworkPolicy", "dev", "new", 3)).create();

        // the watch resumes at the stored resourceVersion: only the new object, nothing listed again
        assertThat(byKey(poll(start(context), 1))).containsOnlyKeys("CiliumNetworkPolicy/dev/new");
    }

    @Test
    void shouldListAgainAndTombstoneWhatIsGoneWhenTheStoredResourceVersionIsTooOld() throws Exception {
        cnps().inNamespace("prod").resource(policy("CiliumNetworkPolicy", "prod", "still-there", 1)).create();
        String stillThere = cnps().inNamespace("prod").withName("still-there").get().getMetadata()
                .getResourceVersion();
        // the API server compacted its history past resourceVersion 1
        server.expect().get().withPath("/apis/cilium.io/v2/ciliumnetworkpolicies?allowWatchBookmarks=true"
                + "&resourceVersion=1&watch=true").andReturn(HttpURLConnection.HTTP_GONE, new StatusBuilder()
                .withCode(410).withReason("Expired").withMessage("too old resource version: 1").build()).once();
        TestTaskContext context = context("CiliumNetworkPolicy");
        context.commit(Map.of("k8s.resource", "ciliumnetworkpolicies.cilium.io", "k8s.namespace", "*"),
                Map.of("resourceVersion", "1", "keys", "CiliumNetworkPolicy/prod/deleted-meanwhile=1\n"
                        + "CiliumNetworkPolicy/prod/still-there=" + stillThere + "\n"));

        Map<String, PolicyDocument> changes = byKey(poll(start(context), 1));

        assertThat(changes).containsKey("CiliumNetworkPolicy/prod/deleted-meanwhile")
                .doesNotContainKey("CiliumNetworkPolicy/prod/still-there");
        assertThat(changes.get("CiliumNetworkPolicy/prod/deleted-meanwhile")).isNull();
    }
}
