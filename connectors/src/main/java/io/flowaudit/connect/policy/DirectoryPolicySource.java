package io.flowaudit.connect.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.flowaudit.connect.common.AvroValueEncoder;
import io.flowaudit.schemas.avro.PolicyDocument;
import io.flowaudit.schemas.avro.PolicyKind;

/**
 * Publishes the policy objects of a directory: every {@code directory.scan.interval.ms} it reads all policy
 * files, hashes each object, and sends the objects whose hash changed and a tombstone for each key that is gone
 * (file deleted, object removed from its file, renamed). The published key-to-hash state is the source offset,
 * so after a restart only the differences are sent, deletions made meanwhile included.
 *
 * <p>Source partition {@code {"policy.directory": absolute path}}.
 */
final class DirectoryPolicySource implements PolicySource {
    static final String PARTITION_DIRECTORY = "policy.directory";

    private static final Logger LOGGER = LoggerFactory.getLogger(DirectoryPolicySource.class);

    private final Path directory;
    private final Map<String, String> partition;
    private final Set<PolicyKind> kinds;
    private final Set<String> extensions;
    private final String topic;
    private final AvroValueEncoder<PolicyDocument> encoder;
    private final long intervalMs;
    private final long timeoutMs;
    /** Objects of each file at its last successful parse, for files that are broken now. */
    private final Map<String, List<PolicyObject>> lastGood = new TreeMap<>();
    /** Files whose parse problem was already logged, with the problem. */
    private final Map<String, String> reportedProblems = new TreeMap<>();

    private KeySnapshot published;
    private long nextScanMs;
    private volatile boolean closed;

    DirectoryPolicySource(PolicySourceConnectorConfig config, OffsetStorageReader offsets) {
        this.directory = Path.of(config.getString(PolicySourceConnectorConfig.DIRECTORY_PATH_CONFIG))
                .toAbsolutePath().normalize();
        this.partition = Map.of(PARTITION_DIRECTORY, directory.toString());
        this.kinds = config.kinds();
        this.extensions = config.getList(PolicySourceConnectorConfig.DIRECTORY_EXTENSIONS_CONFIG).stream()
                .map(e -> "." + e.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        this.topic = config.topic();
        this.encoder = AvroValueEncoder.policies(config.originals(), topic);
        this.intervalMs = config.getLong(PolicySourceConnectorConfig.DIRECTORY_INTERVAL_MS_CONFIG);
        this.timeoutMs = config.getInt(PolicySourceConnectorConfig.POLL_TIMEOUT_MS_CONFIG);
        Map<String, Object> stored = offsets == null ? null : offsets.offset(partition);
        published = stored != null && stored.get(PolicyRecords.OFFSET_KEYS) instanceof String keys
                ? KeySnapshot.decode(keys) : new KeySnapshot();
        LOGGER.info("policy directory {}: {} objects published before", directory, published.size());
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        long now = System.currentTimeMillis();
        if (now < nextScanMs) {
            Thread.sleep(Math.min(timeoutMs, nextScanMs - now));
            return null;
        }
        nextScanMs = now + intervalMs;
        List<SourceRecord> records = scan();
        return records.isEmpty() || closed ? null : records;
    }

    /** Reads the directory and returns the records of what changed since the last scan. */
    List<SourceRecord> scan() {
        Map<String, PolicyObject> current = new TreeMap<>();
        Map<String, String> definedIn = new TreeMap<>();
        boolean broken = false;
        Set<String> seen = new java.util.HashSet<>();
        for (Path file : files()) {
            String relative = directory.relativize(file).toString().replace('\\', '/');
            seen.add(relative);
            List<PolicyObject> objects;
            try {
                objects = PolicyFiles.parse(Files.readString(file, StandardCharsets.UTF_8), relative, kinds);
                lastGood.put(relative, objects);
                reportedProblems.remove(relative);
            } catch (IOException | RuntimeException e) {
                broken = true;
                objects = lastGood.getOrDefault(relative, List.of());
                String problem = e.getMessage();
                if (!String.valueOf(problem).equals(reportedProblems.put(relative, String.valueOf(problem)))) {
                    LOGGER.warn("policy directory {}: cannot read {}: {}; keeping its objects as last published"
                            + " and sending no deletions until it is fixed", directory, relative, problem);
                }
            }
            for (PolicyObject object : objects) {
                String key = object.key();
                String earlier = definedIn.put(key, object.source());
                if (earlier != null) {
                    LOGGER.warn("policy directory {}: {} is defined in {} and again in {}; publishing the latter",
                            directory, key, earlier, object.source());
                }
                current.put(key, object);
            }
        }
        lastGood.keySet().retainAll(seen);
        reportedProblems.keySet().retainAll(seen);
        return diff(current, broken);
    }

    private List<SourceRecord> diff(Map<String, PolicyObject> current, boolean broken) {
        KeySnapshot after = published.copy();
        PolicyRecords batch = new PolicyRecords(partition, topic, encoder, published, Map.of());
        Instant now = Instant.now();
        int upserts = 0;
        int tombstones = 0;
        for (Map.Entry<String, PolicyObject> e : current.entrySet()) {
            String hash = e.getValue().contentHash();
            if (!published.fingerprint(e.getKey()).map(hash::equals).orElse(false)) {
                batch.upsert(e.getKey(), e.getValue(), now);
                after.put(e.getKey(), hash);
                upserts++;
            }
        }
        if (!broken) {
            for (String key : published.asMap().keySet()) {
                if (!current.containsKey(key)) {
                    batch.tombstone(key);
                    after.remove(key);
                    tombstones++;
                }
            }
        }
        if (batch.isEmpty()) {
            return List.of();
        }
        List<SourceRecord> records = batch.build(after, Map.of());
        published = after;
        LOGGER.info("policy directory {}: {} objects changed or added, {} deleted; {} published", directory,
                upserts, tombstones, after.size());
        return records;
    }

    private List<Path> files() {
        // followed links: tools such as git-sync swap checkouts by replacing a symbolic link
        try (Stream<Path> walk = Files.walk(directory, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            return walk.filter(p -> !isHidden(directory.relativize(p))).filter(Files::isRegularFile)
                    .filter(p -> extensions.stream().anyMatch(x -> p.getFileName().toString()
                            .toLowerCase(Locale.ROOT).endsWith(x)))
                    .sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ConnectException("cannot list the policy directory " + directory + ": " + e.getMessage(), e);
        }
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        encoder.close();
    }
}
