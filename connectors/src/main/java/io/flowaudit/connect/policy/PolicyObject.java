package io.flowaudit.connect.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

import io.flowaudit.schemas.Topics;
import io.flowaudit.schemas.avro.PolicyDocument;
import io.flowaudit.schemas.avro.PolicyKind;

/**
 * One policy object found by a source, before it becomes a {@link PolicyDocument}.
 *
 * @param kind its kind
 * @param namespace its namespace; null for cluster-scoped kinds
 * @param name {@code metadata.name}
 * @param content the object's text (YAML)
 * @param source where it was read: a path relative to the policy directory (with {@code #index} when the file
 *               holds several documents), or {@code k8s}
 * @param uid {@code metadata.uid}; may be null (files)
 * @param resourceVersion {@code metadata.resourceVersion}; may be null (files)
 */
record PolicyObject(PolicyKind kind, String namespace, String name, String content, String source, String uid,
                    String resourceVersion) {

    PolicyObject {
        Objects.requireNonNull(kind, "kind can't be null");
        Objects.requireNonNull(name, "name can't be null");
        Objects.requireNonNull(content, "content can't be null");
        Objects.requireNonNull(source, "source can't be null");
    }

    /** The key on the policies topic ({@link Topics#policyKey(PolicyKind, String, String)}). */
    String key() {
        return Topics.policyKey(kind, namespace, name);
    }

    /** A hash of what a consumer sees (content and source), to tell a changed object from an unchanged one. */
    String contentHash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(source.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    PolicyDocument toDocument(Instant observedAt) {
        return PolicyDocument.newBuilder().setKind(kind).setNamespace(namespace).setName(name).setUid(uid)
                .setResourceVersion(resourceVersion).setContent(content).setSource(source).setObservedAt(observedAt)
                .build();
    }

    /** The kind named by an object's {@code kind} field, or null for kinds that are not network policies. */
    static PolicyKind kindOf(String kind) {
        switch (kind) {
            case "CiliumNetworkPolicy": return PolicyKind.CiliumNetworkPolicy;
            case "CiliumClusterwideNetworkPolicy": return PolicyKind.CiliumClusterwideNetworkPolicy;
            case "NetworkPolicy": return PolicyKind.NetworkPolicy;
            default: return null;
        }
    }
}
