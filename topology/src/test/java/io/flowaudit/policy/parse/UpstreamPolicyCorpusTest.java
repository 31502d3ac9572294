package io.flowaudit.policy.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.fail;

import io.flowaudit.policy.CiliumVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every upstream policy file of {@code shared/testdata/upstream-policies} goes through {@link PolicyLoader}, and
 * each is either loaded, rejected with a located error, or holds only non-policy objects; never a silent drop.
 * What a file should do comes from the corpus README ("expected input" and "kinds" columns), with the few
 * corrections listed below, each with its reason.
 */
class UpstreamPolicyCorpusTest {
    private static final Path CORPUS = sharedDir().resolve("testdata/upstream-policies");
    private static final Map<String, Row> README = readme();
    private static final Map<CiliumVersion, PolicyLoader.LoadResult> LOADED = new EnumMap<>(CiliumVersion.class);

    /**
     * Files the README calls valid that Cilium rejects as written, with the field path of the located error. The
     * README author checked against {@code rule_validation.go} only; these fail elsewhere.
     */
    private static final Map<String, String> README_VALID_BUT_REJECTED = Map.of(
            // Pseudo-syntax of a scalability report ("[0-125]+80 # from 80 to 12580"), not a port (R40).
            "cilium/cilium/_doc-code-block-excerpts/Documentation/operations/performance/scalability/report.rst.L227.yaml",
            "spec.egress[0].toPorts[0].ports[0].port",
            "cilium/cilium/_doc-code-block-excerpts/Documentation/operations/performance/scalability/report.rst.L247.yaml",
            "spec.ingress[0].toPorts[0].ports[0].port",
            // Entities "namespace" and "kube-dns" are in no released CRD enum up to the 1.20.0-dev tree (R30).
            "cilium/cilium/cilium-cli/connectivity/builder/manifests/allow-intra-namespace-entity-ccnp.yaml",
            "spec.ingress[0].fromEntities[0]",
            "cilium/cilium/examples/hubble/hubble-network-policy.yaml", "spec.egress[1].toEntities[0]",
            // NODE_WITHOUT_CILIUM_IP is a placeholder the old e2e suite substituted before applying (R31).
            "cilium/cilium/test/k8s/manifests/ccnp-host-ingress-from-cidr-to-ports.yaml", "spec.ingress[0].fromCIDR[0]",
            "cilium/cilium/test/k8s/manifests/ccnp-host-policy-nodeport-tests.yaml", "spec.egress[1].toCIDR[0]",
            "cilium/cilium/test/k8s/manifests/cnp-ingress-from-cidr-to-ports.yaml", "spec.ingress[0].fromCIDR[0]",
            // A rule with no ingress/egress list: rejected since 1.17 (R3, cilium#35558; CRD anyOf).
            "cilium/cilium/test/k8s/manifests/cnp-update-allow-all.yaml", "spec",
            // dns: [{}] fails the CRD's oneOf of matchName/matchPattern (R58).
            "cilium/hubble/policies/l7_80_53.yaml", "spec.egress[2].toPorts[0].rules.dns[0]",
            "cilium/hubble/tutorials/deploy-hubble-and-grafana/example-apps/dns-visibility.yaml",
            "spec.egress[0].toPorts[0].rules.dns[0]");

    /** README-valid files that need a release newer than 1.19: the rejecting path at 1.19, then they load. */
    private static final Map<String, Map.Entry<String, CiliumVersion>> README_VALID_NEWER = Map.of(
            // GRE, IPIP, IPV6, ESP and AH came with 1.20 (R44, cilium#44459).
            "cilium/cilium/examples/policies/host/allow-extended-protocols.yaml",
            Map.entry("spec.egress[0].toPorts[0].ports[6].protocol", CiliumVersion.V1_20));

    /** The README's INVALID files and the field path of the error that rejects each. */
    private static final Map<String, String> README_INVALID = Map.of(
            "cilium/cilium/examples/minikube/malformed_policy.yaml", "spec.endpointSelector",
            "cilium/cilium/examples/policies/cidr.yaml", "spec.egress[0].toCIDRSet",
            "cilium/cilium/examples/policies/l3/entities/from_nodes.yaml", "apiVersion",
            "cilium/cilium/test/k8s/manifests/cnp-update-no-specs.yaml", "spec",
            "cilium/cilium/test/k8s/manifests/invalid_cnp.yaml", "specs[0].ingress[0].toPorts[0].ports[0].protocol",
            "isovalent/cilium-up-and-running/chapter12/invalid-policy.yaml", "spec.egress[0].toEntities");

    /** One README row: expected input and the number of policy objects ("CNP×2" is two). */
    record Row(String file, String expected, String kinds, String notes) {
        int objects() {
            int x = kinds.indexOf('×');
            return x < 0 ? 1 : Integer.parseInt(kinds.substring(x + 1));
        }

        boolean isLegacy() {
            return expected.startsWith("valid on older");
        }

        boolean isInvalid() {
            return expected.startsWith("INVALID");
        }
    }

    @Test
    @DisplayName("the README lists exactly the policy files on disk")
    void readmeListsEveryFile() throws IOException {
        try (Stream<Path> s = Files.walk(CORPUS)) {
            List<String> onDisk = s.filter(Files::isRegularFile).map(p -> CORPUS.relativize(p).toString())
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json")).sorted().toList();
            assertThat(onDisk).hasSize(424).containsExactlyInAnyOrderElementsOf(README.keySet());
        }
        assertThat(README.values().stream().filter(r -> r.expected().equals("valid"))).hasSize(397);
        assertThat(README.values().stream().filter(Row::isLegacy)).hasSize(21);
        assertThat(README.values().stream().filter(Row::isInvalid)).hasSize(6);
        assertThat(README.values().stream().mapToInt(Row::objects).sum()).isEqualTo(452);
    }

    @Test
    @DisplayName("loading the whole corpus never throws, at any supported release")
    void loadingNeverThrows() {
        for (CiliumVersion v : CiliumVersion.values()) {
            assertThatCode(() -> loaded(v)).as("Cilium %s", v).doesNotThrowAnyException();
            assertThat(loaded(v).unreadable()).isEmpty();
        }
    }

    /** Pinned so that a parser change that moves any file shows here (1.19 is the default release). */
    @ParameterizedTest(name = "Cilium {0}: {1} files, {2} loaded, {3} rejected, {4} ignored-only")
    @MethodSource
    @DisplayName("summary numbers")
    void summary(CiliumVersion v, int files, int loadedFiles, int rejectedFiles, int ignoredOnlyFiles, int policies,
                 int rejectedObjects, int ignoredObjects, int distinctPolicies) {
        PolicyLoader.LoadResult r = loaded(v);
        List<ParseResult> results = List.copyOf(r.perFile().values());
        assertThat(r.fileCount()).isEqualTo(files);
        assertThat(results.stream().filter(x -> x.errors().isEmpty() && !x.policies().isEmpty())).hasSize(loadedFiles);
        assertThat(results.stream().filter(x -> !x.errors().isEmpty())).hasSize(rejectedFiles);
        assertThat(results.stream().filter(x -> x.errors().isEmpty() && x.policies().isEmpty())).hasSize(ignoredOnlyFiles);
        assertThat(results.stream().mapToInt(x -> x.policies().size()).sum()).isEqualTo(policies);
        assertThat(results.stream().mapToLong(UpstreamPolicyCorpusTest::rejectedObjects).sum()).isEqualTo(rejectedObjects);
        assertThat(results.stream().mapToInt(x -> x.ignored().size()).sum()).isEqualTo(ignoredObjects);
        // Unrelated examples reuse names such as default/l3-rule: across files the later definition wins.
        assertThat(r.policies()).hasSize(distinctPolicies);
    }

    static Stream<Arguments> summary() {
        return Stream.of(
                Arguments.of(CiliumVersion.V1_18, 424, 403, 21, 0, 429, 22, 183, 295),
                Arguments.of(CiliumVersion.V1_19, 424, 401, 23, 0, 427, 24, 183, 295),
                Arguments.of(CiliumVersion.V1_20, 424, 390, 34, 0, 416, 35, 183, 290));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    @DisplayName("every file is loaded, rejected with a located error, or holds only non-policy objects")
    void neverASilentDrop(String file) {
        for (CiliumVersion v : CiliumVersion.values()) {
            ParseResult r = result(v, file);
            assertThat(!r.policies().isEmpty() || !r.errors().isEmpty() || !r.ignored().isEmpty())
                    .as("%s at %s yields something", file, v).isTrue();
            // Each policy object the README counts is accepted, rejected, or replaced by a later one of its name.
            assertThat(r.policies().size() + rejectedObjects(r) + replacedInFile(r))
                    .as("%s at %s: policy objects accounted for", file, v).isEqualTo(README.get(file).objects());
            for (ParseProblem p : r.errors()) {
                assertLocated(p, file);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    @DisplayName("each file does what the README (or the correction list) expects")
    void matchesExpectation(String file) {
        Row row = README.get(file);
        ParseResult at119 = result(CiliumVersion.V1_19, file);
        if (README_VALID_BUT_REJECTED.containsKey(file)) {
            assertRejectedAt(at119, file, README_VALID_BUT_REJECTED.get(file));
        } else if (README_VALID_NEWER.containsKey(file)) {
            Map.Entry<String, CiliumVersion> e = README_VALID_NEWER.get(file);
            assertRejectedAt(at119, file, e.getKey());
            assertLoads(result(e.getValue(), file), file);
        } else if (row.isInvalid()) {
            assertThat(README_INVALID).as("an error path is pinned for every INVALID file").containsKey(file);
            assertRejectedAt(at119, file, README_INVALID.get(file));
        } else if (row.isLegacy()) {
            legacy(row, at119);
        } else {
            assertThat(row.expected()).isEqualTo("valid");
            assertLoads(at119, file);
        }
    }

    /** "valid on older Cilium": what the README notes say decides which release still takes it. */
    private void legacy(Row row, ParseResult at119) {
        if (row.notes().contains("obsolete apiVersion")) {
            // extensions/v1beta1 and cilium.io/v1 are served by no supported Kubernetes or Cilium.
            for (CiliumVersion v : CiliumVersion.values()) {
                assertRejectedAt(result(v, row.file()), row.file(), "apiVersion");
            }
        } else if (row.notes().contains("fromRequires")) {
            assertRejectedAt(at119, row.file(), null);
            assertThat(at119.errors()).allSatisfy(p -> assertThat(p.message()).contains("removed in Cilium 1.19 (R37)"));
            ParseResult at118 = result(CiliumVersion.V1_18, row.file());
            assertLoads(at118, row.file());
            assertThat(at118.warnings()).anySatisfy(p -> assertThat(p.message()).contains("(deprecated)"));
        } else {
            // Kafka and l7proto rules are deprecated but still accepted in 1.19 (removed in 1.20, R59); the
            // legacy auth field is pruned by the API server: both load with a warning.
            assertLoads(at119, row.file());
            assertThat(at119.warnings()).isNotEmpty();
            if (row.notes().contains("Kafka") || row.notes().contains("proxylib")) {
                assertRejectedAt(result(CiliumVersion.V1_20, row.file()), row.file(), null);
            }
        }
    }

    @Test
    @DisplayName("the correction lists only name files the README has, with the expectation they correct")
    void correctionsNameRealFiles() {
        assertThat(README_VALID_BUT_REJECTED.keySet()).allSatisfy(f -> assertThat(README.get(f).expected()).isEqualTo("valid"));
        assertThat(README_VALID_NEWER.keySet()).allSatisfy(f -> assertThat(README.get(f).expected()).isEqualTo("valid"));
        assertThat(README_INVALID.keySet()).allSatisfy(f -> assertThat(README.get(f).isInvalid()).isTrue());
    }

    // ---- assertions ----

    private static void assertLoads(ParseResult r, String file) {
        assertThat(r.errors()).as("%s: errors", file).isEmpty();
        assertThat(r.policies()).as("%s: policies", file).isNotEmpty();
    }

    /** Rejected with at least one located error, one of them at {@code path} when given. */
    private static void assertRejectedAt(ParseResult r, String file, String path) {
        assertThat(r.errors()).as("%s: errors", file).isNotEmpty();
        assertThat(rejectedObjects(r)).as("%s: rejected objects", file).isPositive();
        r.errors().forEach(p -> assertLocated(p, file));
        if (path != null) {
            assertThat(r.errors()).as("%s: an error at %s", file, path).anySatisfy(p -> assertThat(p.path()).isEqualTo(path));
        }
    }

    private static void assertLocated(ParseProblem p, String file) {
        assertThat(p.location().file()).isEqualTo(CORPUS.resolve(file).toString());
        if (!p.message().startsWith("not valid ")) {
            assertThat(p.location().line()).as("line of %s", p).isPositive();
        }
        assertThat(p.path() + p.message()).as("path or message of %s", p).isNotBlank();
    }

    private static long rejectedObjects(ParseResult r) {
        return r.rejected().stream().filter(o -> !o.startsWith("document ")).count();
    }

    /** Objects defined twice in the same file: the earlier one is replaced (with a warning). */
    private static long replacedInFile(ParseResult r) {
        return r.warnings().stream().filter(p -> p.path().equals("metadata.name")
                && p.message().startsWith("defined again (first in " + p.location().file() + " ")).count();
    }

    // ---- corpus ----

    static Stream<String> files() {
        return README.keySet().stream().sorted();
    }

    private static ParseResult result(CiliumVersion v, String file) {
        ParseResult r = loaded(v).perFile().get(CORPUS.resolve(file).toString());
        if (r == null) {
            fail("%s was not loaded", file);
        }
        return r;
    }

    private static synchronized PolicyLoader.LoadResult loaded(CiliumVersion v) {
        return LOADED.computeIfAbsent(v, x -> new PolicyLoader(x).load(List.of(CORPUS)));
    }

    private static Map<String, Row> readme() {
        Map<String, Row> rows = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(CORPUS.resolve("README.md"))) {
                if (!line.startsWith("| `")) {
                    continue;
                }
                // | file | upstream repo | upstream path | commit | licence | kinds | expected input | notes |
                String[] c = line.split("\\|", -1);
                String file = c[1].trim().replace("`", "");
                rows.put(file, new Row(file, c[7].trim(), c[6].trim(), c[8].trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** {@code flowaudit.shared.dir} (set by surefire), else {@code ../shared} next to the project root. */
    private static Path sharedDir() {
        Optional<Path> configured = Optional.ofNullable(System.getProperty("flowaudit.shared.dir")).map(Path::of);
        Path projectRoot = Optional.ofNullable(System.getProperty("flowaudit.project.dir")).map(Path::of)
                .orElseGet(() -> {
                    Path cwd = Path.of("").toAbsolutePath();
                    // Surefire runs in the module directory; the project root holds the parent pom and the module.
                    return Files.isDirectory(cwd.resolve("topology")) ? cwd : cwd.getParent();
                });
        Path dir = configured.orElse(projectRoot.resolve("../shared")).normalize();
        assertThat(dir.resolve("testdata/upstream-policies/README.md")).as("shared dir %s", dir).isRegularFile();
        return dir;
    }
}
