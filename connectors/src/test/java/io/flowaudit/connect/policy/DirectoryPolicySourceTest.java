package io.flowaudit.connect.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flowaudit.connect.common.TestTaskContext;
import io.flowaudit.schemas.Topics;
import io.flowaudit.schemas.avro.PolicyDocument;
import io.flowaudit.schemas.avro.PolicyKind;

/** The directory source: add, change, delete, restart. */
class DirectoryPolicySourceTest {
    private static final Deserializer<PolicyDocument> DOCUMENTS =
            Topics.embedded().policies().valueSerde().deserializer();

    @TempDir
    Path dir;

    private final List<PolicySourceTask> tasks = new ArrayList<>();

    @AfterEach
    void stop() {
        tasks.forEach(PolicySourceTask::stop);
    }

    private TestTaskContext context() {
        return new TestTaskContext(Map.of("policy.source", "directory", "directory.path", dir.toString(),
                "directory.scan.interval.ms", "10", "poll.timeout.ms", "5"));
    }

    private PolicySourceTask start(TestTaskContext context) {
        PolicySourceTask task = new PolicySourceTask();
        task.initialize(context);
        task.start(context.configs());
        tasks.add(task);
        return task;
    }

    /** Polls past a scan: the records of one scan, empty when nothing changed. */
    private static List<SourceRecord> scan(PolicySourceTask task) throws InterruptedException {
        List<SourceRecord> records = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
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

    private void write(String file, String text) throws IOException {
        Path path = dir.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text, StandardCharsets.UTF_8);
    }

    private static String cnp(String namespace, String name, int port) {
        return "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: " + name + "\n  namespace: "
                + namespace + "\nspec:\n  endpointSelector: {}\n  egress:\n  - toPorts:\n    - ports:\n      - port: \""
                + port + "\"\n";
    }

    @Test
    void shouldPublishAddedAndChangedObjectsAndTombstoneDeletedOnes() throws Exception {
        write("shop/web.yaml", cnp("shop", "web", 80) + "---\n" + cnp("shop", "db", 5432));
        write("ccnp.yaml", "apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata:\n  name: base\n"
                + "spec: {}\n");
        write(".git/config.yaml", cnp("x", "hidden", 1));
        PolicySourceTask task = start(context());

        Map<String, PolicyDocument> added = byKey(scan(task));
        assertThat(added).containsOnlyKeys("CiliumNetworkPolicy/shop/web", "CiliumNetworkPolicy/shop/db",
                "CiliumClusterwideNetworkPolicy/base");
        PolicyDocument web = added.get("CiliumNetworkPolicy/shop/web");
        assertThat(web.getKind()).isEqualTo(PolicyKind.CiliumNetworkPolicy);
        assertThat(web.getNamespace()).isEqualTo("shop");
        assertThat(web.getContent()).isEqualTo(cnp("shop", "web", 80));
        assertThat(web.getSource()).isEqualTo("shop/web.yaml#0");
        assertThat(web.getUid()).isNull();
        assertThat(scan(task)).as("nothing changed").isEmpty();

        // change one object of the file
        write("shop/web.yaml", cnp("shop", "web", 8080) + "---\n" + cnp("shop", "db", 5432));
        Map<String, PolicyDocument> changed = byKey(scan(task));
        assertThat(changed).containsOnlyKeys("CiliumNetworkPolicy/shop/web");
        assertThat(changed.get("CiliumNetworkPolicy/shop/web").getContent()).contains("8080");

        // delete an object from its file, and a whole file
        write("shop/web.yaml", cnp("shop", "web", 8080));
        Files.delete(dir.resolve("ccnp.yaml"));
        List<SourceRecord> deleted = scan(task);
        Map<String, PolicyDocument> deletedByKey = byKey(deleted);
        assertThat(deletedByKey).containsOnlyKeys("CiliumNetworkPolicy/shop/web", "CiliumNetworkPolicy/shop/db",
                "CiliumClusterwideNetworkPolicy/base");
        assertThat(deletedByKey.get("CiliumNetworkPolicy/shop/db")).isNull();
        assertThat(deletedByKey.get("CiliumClusterwideNetworkPolicy/base")).isNull();
        // web's source changed from shop/web.yaml#0 to shop/web.yaml: republished, not deleted
        assertThat(deletedByKey.get("CiliumNetworkPolicy/shop/web").getSource()).isEqualTo("shop/web.yaml");
    }

    @Test
    void shouldSendOnlyTheDifferencesAfterARestartIncludingDeletionsMadeMeanwhile() throws Exception {
        write("a.yaml", cnp("ns", "a", 1));
        write("b.yaml", cnp("ns", "b", 2));
        TestTaskContext context = context();
        PolicySourceTask first = start(context);
        context.commit(scan(first));
        first.stop();

        Files.delete(dir.resolve("b.yaml"));
        write("c.yaml", cnp("ns", "c", 3));
        PolicySourceTask second = start(context);

        Map<String, PolicyDocument> changes = byKey(scan(second));
        assertThat(changes).containsOnlyKeys("CiliumNetworkPolicy/ns/b", "CiliumNetworkPolicy/ns/c");
        assertThat(changes.get("CiliumNetworkPolicy/ns/b")).isNull();
    }

    @Test
    void shouldKeepABrokenFilesObjectsAndSendNoDeletionsUntilItIsFixed() throws Exception {
        write("a.yaml", cnp("ns", "a", 1));
        write("b.yaml", cnp("ns", "b", 2));
        PolicySourceTask task = start(context());
        scan(task);

        write("a.yaml", "kind: [ broken\n");
        Files.delete(dir.resolve("b.yaml"));
        assertThat(scan(task)).as("no deletion while a.yaml is broken").isEmpty();

        write("a.yaml", cnp("ns", "a", 1));
        Map<String, PolicyDocument> fixed = byKey(scan(task));
        assertThat(fixed).containsOnlyKeys("CiliumNetworkPolicy/ns/b");
        assertThat(fixed.get("CiliumNetworkPolicy/ns/b")).isNull();
    }

    @Test
    void shouldGiveOnlyTheLastRecordOfAScanTheNewStateSoAnInterruptedScanIsRepeated() throws Exception {
        write("a.yaml", cnp("ns", "a", 1));
        write("b.yaml", cnp("ns", "b", 2));
        TestTaskContext context = context();
        PolicySourceTask first = start(context);
        List<SourceRecord> records = scan(first);
        assertThat(records).hasSize(2);
        assertThat(records.get(0).sourceOffset()).isEqualTo(Map.of("keys", ""));
        assertThat((String) records.get(1).sourceOffset().get("keys")).contains("CiliumNetworkPolicy/ns/a=",
                "CiliumNetworkPolicy/ns/b=");
        first.stop();

        // only the first record was committed: the restart publishes both again
        context.commit(records.subList(0, 1));
        assertThat(byKey(scan(start(context)))).containsOnlyKeys("CiliumNetworkPolicy/ns/a",
                "CiliumNetworkPolicy/ns/b");
    }
}
