package io.flowaudit.connect.policy;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The published state of a policy source: policy key to a fingerprint of the version published (a content hash
 * for files, the object's resourceVersion for the Kubernetes API). It travels in the source offset as text, one
 * {@code key=fingerprint} per line, so a restarted task publishes only what changed and tombstones what was
 * deleted while it was stopped. Keys ({@code Kind/namespace/name}) never contain {@code =} or a line break.
 * Mutable and not thread-safe.
 */
final class KeySnapshot {
    /** Offsets larger than this are not stored whole (Kafka's default message size limit is 1 MB). */
    static final int MAX_ENCODED_CHARS = 900_000;

    private final TreeMap<String, String> fingerprints;
    private String encoded;

    KeySnapshot() {
        this(new TreeMap<>());
    }

    private KeySnapshot(TreeMap<String, String> fingerprints) {
        this.fingerprints = fingerprints;
    }

    /** The snapshot stored by {@link #encode()}; empty text gives an empty snapshot. */
    static KeySnapshot decode(String text) {
        TreeMap<String, String> map = new TreeMap<>();
        for (String line : text.split("\n")) {
            int eq = line.lastIndexOf('=');
            if (eq > 0) {
                map.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new KeySnapshot(map);
    }

    KeySnapshot copy() {
        return new KeySnapshot(new TreeMap<>(fingerprints));
    }

    Optional<String> fingerprint(String key) {
        return Optional.ofNullable(fingerprints.get(key));
    }

    void put(String key, String fingerprint) {
        if (!fingerprint.equals(fingerprints.put(key, fingerprint))) {
            encoded = null;
        }
    }

    void remove(String key) {
        if (fingerprints.remove(key) != null) {
            encoded = null;
        }
    }

    Map<String, String> asMap() {
        return java.util.Collections.unmodifiableMap(fingerprints);
    }

    int size() {
        return fingerprints.size();
    }

    /**
     * The text form, or empty when it would exceed {@link #MAX_ENCODED_CHARS} (the caller then stores no
     * snapshot: after a restart everything is published again and deletions made meanwhile are not seen).
     */
    Optional<String> encode() {
        if (encoded == null) {
            StringBuilder text = new StringBuilder(fingerprints.size() * 64);
            fingerprints.forEach((key, fingerprint) -> text.append(key).append('=').append(fingerprint).append('\n'));
            encoded = text.toString();
        }
        return encoded.length() > MAX_ENCODED_CHARS ? Optional.empty() : Optional.of(encoded);
    }
}
