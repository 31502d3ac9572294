package io.flowaudit.policy;

import java.util.Optional;

/**
 * The Cilium release whose behaviour is audited (semantics §0 version table). The default is the newest
 * stable release, 1.19.
 */
public enum CiliumVersion {
    V1_17("1.17"), V1_18("1.18"), V1_19("1.19"), V1_20("1.20");

    public static final CiliumVersion DEFAULT = V1_19;

    private final String text;

    CiliumVersion(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** {@code fromRequires}/{@code toRequires} were removed in 1.19 (R37). */
    public boolean supportsRequires() {
        return compareTo(V1_19) < 0;
    }

    /** {@code policy-default-local-cluster} defaults to true from 1.19 (R18); it did not exist before 1.18. */
    public boolean defaultLocalCluster() {
        return compareTo(V1_19) >= 0;
    }

    /** L7 rules in a direction without default deny stopped denying in the 1.18 line (R57). */
    public boolean l7WildcardWithoutDefaultDeny() {
        return compareTo(V1_18) >= 0;
    }

    /** Kafka and l7proto rules were removed in 1.20 (R59). */
    public boolean supportsKafkaRules() {
        return compareTo(V1_20) < 0;
    }

    public static Optional<CiliumVersion> parse(String text) {
        String t = text.startsWith("v") ? text.substring(1) : text;
        for (CiliumVersion v : values()) {
            if (t.equals(v.text) || t.startsWith(v.text + ".")) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return text;
    }
}
