package io.flowaudit.whatif;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowaudit.flow.Flow;
import io.flowaudit.flow.hubble.HubbleJsonReader;
import io.flowaudit.flow.hubble.ReadEvent;
import io.flowaudit.policy.CiliumVersion;
import io.flowaudit.policy.EngineOptions;
import io.flowaudit.policy.advise.FindingType;
import io.flowaudit.policy.compile.PolicyCompiler;
import io.flowaudit.policy.eval.LearnedNames;
import io.flowaudit.policy.model.Policy;
import io.flowaudit.policy.parse.PolicyLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What-if over the bundled example capture: the seed scenario of the what-if issue, end to end. */
class WhatIfTest {
    static final Path PROJECT = Path.of(System.getProperty("flowaudit.project.dir", "..")).toAbsolutePath();
    static final Path EXAMPLE = PROJECT.resolve("ops/examples");

    static List<Policy> load(Path... paths) {
        return new PolicyLoader(CiliumVersion.DEFAULT).load(List.of(paths)).policies();
    }

    static List<Flow> flows() throws IOException {
        List<Flow> out = new ArrayList<>();
        new HubbleJsonReader().read(EXAMPLE.resolve("flows.jsonl"), ev -> {
            if (ev instanceof ReadEvent.ParsedFlow pf) {
                out.add(pf.flow());
            }
        });
        return out;
    }

    static WhatIfSummary run(List<Policy> baseline, List<Policy> candidate) throws IOException {
        PolicyCompiler c = new PolicyCompiler(EngineOptions.defaults());
        WhatIf w = new WhatIf(c.compile(baseline, 1), c.compile(candidate, 2), LearnedNames::new, false);
        List<Flow> fs = flows();
        for (int i = 0; i < fs.size(); i++) {
            w.judge(i, fs.get(i));
        }
        return w.summary();
    }

    @Test
    void shouldShowDnsNewlyDeniedWithAMissingDnsAlertWhenTheCandidateAddsCidrOnlyEgress() throws IOException {
        List<Policy> baseline = load(EXAMPLE.resolve("whatif/baseline"));
        List<Policy> candidate = PolicyOverlay.apply(baseline, load(EXAMPLE.resolve("whatif/candidate")), Set.of());
        WhatIfSummary s = run(baseline, candidate);
        assertThat(s.count(ChangeKind.NEWLY_DENIED)).isPositive();
        assertThat(s.count(ChangeKind.NEWLY_ALLOWED)).isZero();
        assertThat(s.groups()).anySatisfy(g -> {
            assertThat(g.kind()).isEqualTo(ChangeKind.NEWLY_DENIED);
            assertThat(g.destination()).isEqualTo("kube-system/kube-dns");
            assertThat(g.port()).isEqualTo(53);
            assertThat(g.source()).isEqualTo("dev/app1");
        });
        assertThat(s.newFindings()).anySatisfy(f -> {
            assertThat(f.type()).isEqualTo(FindingType.MISSING_DNS_RULE);
            assertThat(f.fix()).contains("k8s:k8s-app: kube-dns");
        });
        assertThat(s.groups()).isSortedAccordingTo((a, b) -> a.kind() != b.kind() ? a.kind().compareTo(b.kind())
                : Long.compare(b.count(), a.count()));
    }

    @Test
    void shouldDropDnsFromTheDiffOnceTheFixIsInTheCandidate() throws IOException {
        List<Policy> baseline = load(EXAMPLE.resolve("whatif/baseline"));
        List<Policy> candidate = PolicyOverlay.apply(baseline, load(EXAMPLE.resolve("whatif/candidate"),
                EXAMPLE.resolve("whatif/fix")), Set.of());
        WhatIfSummary s = run(baseline, candidate);
        assertThat(s.groups()).noneSatisfy(g -> assertThat(g.port()).isEqualTo(53));
        assertThat(s.newFindings()).noneSatisfy(f -> assertThat(f.type()).isEqualTo(FindingType.MISSING_DNS_RULE));
    }

    @Test
    void shouldReportNewlyAllowedWhenADenyIsDeleted() throws IOException {
        List<Policy> baseline = load(EXAMPLE.resolve("policies"));
        List<Policy> candidate = PolicyOverlay.apply(baseline, List.of(), Set.of("CiliumNetworkPolicy/dev/app2-ingress"));
        WhatIfSummary s = run(baseline, candidate);
        assertThat(s.groups()).anySatisfy(g -> {
            assertThat(g.kind()).isEqualTo(ChangeKind.NEWLY_ALLOWED);
            assertThat(g.destination()).isEqualTo("dev/app2");
            assertThat(g.candidate().verdict().name()).isEqualTo("ALLOWED");
        });
    }

    @Test
    void shouldGroupFlowsWithCountsAndFirstAndLastSeen() throws IOException {
        List<Policy> baseline = load(EXAMPLE.resolve("whatif/baseline"));
        List<Policy> candidate = PolicyOverlay.apply(baseline, load(EXAMPLE.resolve("whatif/candidate")), Set.of());
        WhatIfSummary s = run(baseline, candidate);
        long total = s.groups().stream().mapToLong(ChangeGroup::count).sum();
        assertThat(total).isEqualTo(s.count(ChangeKind.NEWLY_DENIED));
        assertThat(s.groups()).allSatisfy(g -> assertThat(g.lastSeenNanos()).isGreaterThanOrEqualTo(g.firstSeenNanos()));
    }

    @Test
    void shouldReplaceAndAddByKindNamespaceName() {
        List<Policy> base = load(EXAMPLE.resolve("policies"));
        List<Policy> changed = load(EXAMPLE.resolve("whatif/candidate"));
        List<Policy> result = PolicyOverlay.apply(base, changed, Set.of("CiliumNetworkPolicy/dev/app1-ingress"));
        assertThat(result).extracting(p -> p.ref().key()).containsExactlyInAnyOrder(
                "CiliumNetworkPolicy/dev/app1-egress", "CiliumNetworkPolicy/dev/app2-ingress",
                "CiliumNetworkPolicy/dev/app1-egress-cidrs");
    }
}
