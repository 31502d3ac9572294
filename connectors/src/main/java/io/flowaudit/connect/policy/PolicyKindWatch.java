package io.flowaudit.connect.policy;

import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.flowaudit.connect.common.AvroValueEncoder;
import io.flowaudit.connect.common.Backoff;
import io.flowaudit.schemas.avro.PolicyDocument;
import io.flowaudit.schemas.avro.PolicyKind;

/**
 * List and watch of one policy kind. Starts from the stored offset's resourceVersion when there is one (so the
 * watch delivers what changed while the task was stopped), else lists. The watch's events become records: an
 * upsert when the object's resourceVersion differs from the one published, a tombstone on delete. When the API
 * server no longer has the history ({@code 410 Gone}: the resourceVersion is too old) it lists again and
 * compares with what was published: changed objects are sent, missing ones tombstoned. Failures are retried with
 * exponential backoff.
 *
 * <p>Source partition {@code {"k8s.resource": plural.group, "k8s.namespace": namespace or "*"}}; offset
 * {@code {"resourceVersion": ..., "keys": published key=resourceVersion lines}}. Every method runs on the
 * source's single executor thread.
 */
final class PolicyKindWatch implements Watcher<GenericKubernetesResource> {
    static final String PARTITION_RESOURCE = "k8s.resource";
    static final String PARTITION_NAMESPACE = "k8s.namespace";
    static final String OFFSET_RESOURCE_VERSION = "resourceVersion";

    private static final Logger LOGGER = LoggerFactory.getLogger(PolicyKindWatch.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private final PolicyResource resource;
    private final String namespace;
    private final KubernetesClient client;
    private final ScheduledExecutorService executor;
    private final BlockingQueue<SourceRecord> queue;
    private final String topic;
    private final AvroValueEncoder<PolicyDocument> encoder;
    private final int pageSize;
    private final Backoff backoff;
    private final BooleanSupplier closed;
    private final Map<String, String> partition;

    private KeySnapshot published = new KeySnapshot();
    private String resourceVersion;
    private Watch watch;

    PolicyKindWatch(PolicyResource resource, String namespace, KubernetesClient client,
                    ScheduledExecutorService executor, BlockingQueue<SourceRecord> queue, String topic,
                    AvroValueEncoder<PolicyDocument> encoder, int pageSize, long maxBackoffMs, BooleanSupplier closed) {
        this.resource = resource;
        this.namespace = resource.isNamespaced() ? namespace : "";
        this.client = client;
        this.executor = executor;
        this.queue = queue;
        this.topic = topic;
        this.encoder = encoder;
        this.pageSize = pageSize;
        this.backoff = new Backoff(500, maxBackoffMs);
        this.closed = closed;
        this.partition = Map.of(PARTITION_RESOURCE, resource.resourceName(), PARTITION_NAMESPACE,
                this.namespace.isEmpty() ? "*" : this.namespace);
    }

    Map<String, String> partition() {
        return partition;
    }

    /** Starts from a stored offset (may be null). */
    void start(Map<String, Object> stored) {
        if (stored != null && stored.get(OFFSET_RESOURCE_VERSION) instanceof String rv && !rv.isEmpty()) {
            published = stored.get(PolicyRecords.OFFSET_KEYS) instanceof String keys ? KeySnapshot.decode(keys)
                    : new KeySnapshot();
            resourceVersion = rv;
            LOGGER.info("{}: resuming the watch at resourceVersion {} ({} objects published before)",
                    resource.resourceName(), rv, published.size());
            watch();
        } else {
            list();
        }
    }

    private FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> operation() {
        var all = client.genericKubernetesResources(resource.context());
        if (!resource.isNamespaced()) {
            return all;
        }
        return namespace.isEmpty() ? all.inAnyNamespace() : all.inNamespace(namespace);
    }

    /** Lists every object, publishes the differences from what was published, then watches. */
    private void list() {
        if (closed.getAsBoolean()) {
            return;
        }
        try {
            Map<String, GenericKubernetesResource> objects = new HashMap<>();
            String continueToken = null;
            String listVersion;
            do {
                GenericKubernetesResourceList page = operation().list(new ListOptionsBuilder()
                        .withLimit((long) pageSize).withContinue(continueToken).build());
                for (GenericKubernetesResource object : page.getItems()) {
                    objects.put(keyOf(object), object);
                }
                continueToken = page.getMetadata().getContinue();
                listVersion = page.getMetadata().getResourceVersion();
            } while (continueToken != null && !continueToken.isEmpty());
            publishList(objects, listVersion);
            backoff.reset();
            watch();
        } catch (RuntimeException e) {
            retryLater("list", e, this::list);
        }
    }

    private void publishList(Map<String, GenericKubernetesResource> objects, String listVersion) {
        KeySnapshot after = published.copy();
        PolicyRecords batch = new PolicyRecords(partition, topic, encoder, published, rvOffset(resourceVersion));
        Instant now = Instant.now();
        int upserts = 0;
        int tombstones = 0;
        for (Map.Entry<String, GenericKubernetesResource> e : objects.entrySet()) {
            String rv = e.getValue().getMetadata().getResourceVersion();
            if (!published.fingerprint(e.getKey()).map(rv::equals).orElse(false)) {
                batch.upsert(e.getKey(), toObject(e.getValue()), now);
                after.put(e.getKey(), rv);
                upserts++;
            }
        }
        for (String key : published.asMap().keySet()) {
            if (!objects.containsKey(key)) {
                batch.tombstone(key);
                after.remove(key);
                tombstones++;
            }
        }
        resourceVersion = listVersion;
        if (!batch.isEmpty()) {
            queue.addAll(batch.build(after, rvOffset(listVersion)));
        }
        published = after;
        LOGGER.info("{}: listed {} objects at resourceVersion {}; {} changed or added, {} deleted",
                resource.resourceName(), objects.size(), listVersion, upserts, tombstones);
    }

    private void watch() {
        if (closed.getAsBoolean()) {
            return;
        }
        try {
            watch = operation().watch(new ListOptionsBuilder().withResourceVersion(resourceVersion)
                    .withAllowWatchBookmarks(true).build(), this);
            LOGGER.info("{}: watching from resourceVersion {}", resource.resourceName(), resourceVersion);
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_GONE) {
                gone();
            } else {
                retryLater("watch", e, this::watch);
            }
        } catch (RuntimeException e) {
            retryLater("watch", e, this::watch);
        }
    }

    @Override
    public void eventReceived(Action action, GenericKubernetesResource object) {
        run(() -> apply(action, object));
    }

    /** Runs on the source's thread, unless the source is closing. */
    private void run(Runnable action) {
        try {
            executor.execute(action);
        } catch (RejectedExecutionException e) {
            LOGGER.debug("{}: closing, event dropped", resource.resourceName());
        }
    }

    private void apply(Action action, GenericKubernetesResource object) {
        if (closed.getAsBoolean()) {
            return;
        }
        String rv = object.getMetadata() == null ? null : object.getMetadata().getResourceVersion();
        if (action == Action.BOOKMARK || action == Action.ERROR) {
            resourceVersion = rv != null ? rv : resourceVersion;
            return;
        }
        String key = keyOf(object);
        KeySnapshot after = published.copy();
        PolicyRecords batch = new PolicyRecords(partition, topic, encoder, published, rvOffset(resourceVersion));
        if (action == Action.DELETED) {
            if (published.fingerprint(key).isPresent()) {
                batch.tombstone(key);
                after.remove(key);
            }
        } else if (!published.fingerprint(key).map(p -> p.equals(rv)).orElse(false)) {
            batch.upsert(key, toObject(object), Instant.now());
            after.put(key, rv);
        }
        resourceVersion = rv != null ? rv : resourceVersion;
        if (!batch.isEmpty()) {
            List<SourceRecord> records = batch.build(after, rvOffset(resourceVersion));
            queue.addAll(records);
            LOGGER.info("{}: {} {} at resourceVersion {}", resource.resourceName(), action, key, rv);
        }
        published = after;
    }

    @Override
    public void onClose(WatcherException cause) {
        run(() -> {
            if (closed.getAsBoolean()) {
                return;
            }
            if (cause.isHttpGone()) {
                gone();
            } else {
                retryLater("watch", cause, this::watch);
            }
        });
    }

    /** The API server no longer has the history after our resourceVersion: list again and compare. */
    private void gone() {
        LOGGER.info("{}: resourceVersion {} is too old for the API server (410 Gone); listing again",
                resource.resourceName(), resourceVersion);
        list();
    }

    @Override
    public void onClose() {
        // closed by us
    }

    void close() {
        if (watch != null) {
            watch.close();
        }
    }

    private void retryLater(String what, Exception cause, Runnable action) {
        if (closed.getAsBoolean()) {
            return;
        }
        long delay = backoff.nextDelayMs();
        LOGGER.warn("{}: {} failed ({} consecutive failures), retrying in {} ms: {}", resource.resourceName(), what,
                backoff.failures(), delay, cause.toString(), LOGGER.isDebugEnabled() ? cause : null);
        try {
            executor.schedule(action, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the source is closing
        }
    }

    private static Map<String, Object> rvOffset(String rv) {
        return rv == null ? Map.of() : Map.of(OFFSET_RESOURCE_VERSION, rv);
    }

    private String keyOf(GenericKubernetesResource object) {
        PolicyKind kind = resource.kind();
        String ns = kind == PolicyKind.CiliumClusterwideNetworkPolicy ? null : object.getMetadata().getNamespace();
        return io.flowaudit.schemas.Topics.policyKey(kind, ns, object.getMetadata().getName());
    }

    /** The object as YAML, without server bookkeeping that says nothing about the policy. */
    private PolicyObject toObject(GenericKubernetesResource object) {
        JsonNode tree = JSON.valueToTree(object);
        if (tree.path("metadata") instanceof ObjectNode metadata) {
            metadata.remove("managedFields");
            if (metadata.path("annotations") instanceof ObjectNode annotations) {
                annotations.remove(LAST_APPLIED);
                if (annotations.isEmpty()) {
                    metadata.remove("annotations");
                }
            }
        }
        String content;
        try {
            content = YAML.writeValueAsString(tree);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + keyOf(object) + " as YAML", e);
        }
        var metadata = object.getMetadata();
        PolicyKind kind = resource.kind();
        return new PolicyObject(kind, kind == PolicyKind.CiliumClusterwideNetworkPolicy ? null
                : metadata.getNamespace(), metadata.getName(), content, "k8s", metadata.getUid(),
                metadata.getResourceVersion());
    }
}
