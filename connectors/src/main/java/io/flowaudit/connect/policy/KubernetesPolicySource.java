package io.flowaudit.connect.policy;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.flowaudit.connect.common.AvroValueEncoder;
import io.flowaudit.schemas.avro.PolicyDocument;
import io.flowaudit.schemas.avro.PolicyKind;

/**
 * Publishes the policy objects of a Kubernetes cluster: for each configured kind, lists the objects (pages of
 * {@code k8s.list.page.size}) and then watches from the list's resourceVersion ({@link PolicyKindWatch}). All
 * list and watch handling runs on one thread, in order; records wait in a queue for {@link #poll()}.
 */
final class KubernetesPolicySource implements PolicySource {
    private static final Logger LOGGER = LoggerFactory.getLogger(KubernetesPolicySource.class);

    private final KubernetesClient client;
    private final ScheduledExecutorService executor;
    private final BlockingQueue<SourceRecord> queue = new LinkedBlockingQueue<>();
    private final List<PolicyKindWatch> watches = new ArrayList<>();
    private final long timeoutMs;
    private volatile boolean closed;

    KubernetesPolicySource(PolicySourceConnectorConfig config, OffsetStorageReader offsets) {
        this.timeoutMs = config.getInt(PolicySourceConnectorConfig.POLL_TIMEOUT_MS_CONFIG);
        this.client = new KubernetesClientBuilder().withConfig(clientConfig(config)).build();
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flowaudit-policy-k8s");
            t.setDaemon(true);
            return t;
        });
        String namespace = config.getString(PolicySourceConnectorConfig.K8S_NAMESPACE_CONFIG).strip();
        AvroValueEncoder<PolicyDocument> encoder = AvroValueEncoder.policies(config.originals(), config.topic());
        long maxBackoff = config.getLong(PolicySourceConnectorConfig.K8S_BACKOFF_MAX_MS_CONFIG);
        int pageSize = config.getInt(PolicySourceConnectorConfig.K8S_PAGE_SIZE_CONFIG);
        for (PolicyKind kind : config.kinds()) {
            PolicyKindWatch watch = new PolicyKindWatch(PolicyResource.of(kind), namespace, client, executor, queue,
                    config.topic(), encoder, pageSize, maxBackoff, () -> closed);
            Map<String, Object> stored = offsets == null ? null : offsets.offset(watch.partition());
            watches.add(watch);
            executor.execute(() -> watch.start(stored));
        }
        LOGGER.info("policy source: watching {} at {}", config.kinds(), client.getMasterUrl());
    }

    private static Config clientConfig(PolicySourceConnectorConfig config) {
        String kubeconfig = config.getString(PolicySourceConnectorConfig.K8S_KUBECONFIG_CONFIG);
        String context = config.getString(PolicySourceConnectorConfig.K8S_CONTEXT_CONFIG);
        String contextOrNull = context.isBlank() ? null : context;
        Config base = kubeconfig.isBlank() ? Config.autoConfigure(contextOrNull)
                : Config.fromKubeconfig(contextOrNull, new File(kubeconfig));
        ConfigBuilder builder = new ConfigBuilder(base);
        String master = config.getString(PolicySourceConnectorConfig.K8S_MASTER_URL_CONFIG);
        if (!master.isBlank()) {
            builder.withMasterUrl(master.strip());
        }
        Password token = config.getPassword(PolicySourceConnectorConfig.K8S_TOKEN_CONFIG);
        if (token != null && !token.value().isBlank()) {
            builder.withOauthToken(token.value());
        }
        if (config.getBoolean(PolicySourceConnectorConfig.K8S_TRUST_CERTS_CONFIG)) {
            builder.withTrustCerts(true).withDisableHostnameVerification(true);
        }
        return builder.build();
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        SourceRecord first = queue.poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (first == null) {
            return null;
        }
        List<SourceRecord> records = new ArrayList<>();
        records.add(first);
        queue.drainTo(records);
        return records;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        executor.execute(() -> watches.forEach(PolicyKindWatch::close));
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        client.close();
    }
}
