package io.flowaudit.policy.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.flowaudit.policy.CiliumVersion;
import io.flowaudit.policy.model.CidrRule;
import io.flowaudit.policy.model.Entity;
import io.flowaudit.policy.model.IpPrefix;
import io.flowaudit.policy.model.L4Protocol;
import io.flowaudit.policy.model.Operator;
import io.flowaudit.policy.model.Peers;
import io.flowaudit.policy.model.Policy;
import io.flowaudit.policy.model.PolicyKind;
import io.flowaudit.policy.model.PolicyRule;
import io.flowaudit.policy.model.PortSpec;
import io.flowaudit.policy.model.Requirement;
import io.flowaudit.policy.model.RuleElement;
import io.flowaudit.policy.model.Section;
import io.flowaudit.policy.model.Selector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Given a policy text, when it is parsed, then the model or the located problems are as Cilium would have it.
 * Error assertions compare the whole formatted message: file, line, column, object, field path and what was
 * expected.
 */
class PolicyParserTest {
    /** Lines 1-5; a body passed to {@link #cnp} starts on line 6. */
    private static final String CNP_HEAD = """
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: p, namespace: app}
            spec:
              endpointSelector: {matchLabels: {role: server}}
            """;

    static String cnp(String body) {
        return CNP_HEAD + body;
    }

    static ParseResult parse(String text) {
        return new PolicyParser().parse("p.yaml", text);
    }

    static List<String> errors(ParseResult r) {
        return r.errors().stream().map(ParseProblem::format).toList();
    }

    static List<String> warnings(ParseResult r) {
        return r.warnings().stream().map(ParseProblem::format).toList();
    }

    static Policy onlyPolicy(ParseResult r) {
        assertThat(r.errors()).isEmpty();
        assertThat(r.policies()).hasSize(1);
        return r.policies().get(0);
    }

    static RuleElement onlyElement(ParseResult r) {
        PolicyRule rule = onlyPolicy(r).rules().get(0);
        assertThat(rule.elements()).hasSize(1);
        return rule.elements().get(0);
    }

    // ---- policy objects (R1-R4) ----

    @Test
    @DisplayName("R1: spec and specs both become rules, spec first")
    void specAndSpecsBothBecomeRules() {
        Policy p = onlyPolicy(parse(cnp("""
                  ingress: [{fromEndpoints: [{matchLabels: {role: client}}]}]
                specs:
                - endpointSelector: {matchLabels: {role: a}}
                  egress: [{toEntities: [world]}]
                - endpointSelector: {matchLabels: {role: b}}
                  ingressDeny: [{fromEntities: [world]}]
                """)));
        assertThat(p.rules()).extracting(PolicyRule::index).containsExactly(0, 1, 2);
        assertThat(p.rules()).extracting(r -> r.subject().requirements().get(0).values().get(0))
                .containsExactly("server", "a", "b");
        assertThat(p.rules()).extracting(r -> r.elements().get(0).ref().section())
                .containsExactly(Section.INGRESS, Section.EGRESS, Section.INGRESS_DENY);
    }

    @Test
    @DisplayName("R1: a CNP with neither spec nor specs is rejected")
    void policyWithoutSpecIsRejected() {
        ParseResult r = parse("""
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: p, namespace: app}
                spec:
                """);
        assertThat(errors(r)).containsExactly("p.yaml:4:1: error (document 0) CiliumNetworkPolicy/app/p spec: missing:"
                + " a CiliumNetworkPolicy needs spec or specs (R1)");
        assertThat(r.rejected()).containsExactly("CiliumNetworkPolicy/app/p");
    }

    @Test
    @DisplayName("R1: nodeSelector in a namespaced policy is rejected")
    void nodeSelectorInNamespacedPolicyIsRejected() {
        ParseResult r = parse("""
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: p, namespace: app}
                spec:
                  nodeSelector: {matchLabels: {role: worker}}
                  ingress: [{fromEntities: [world]}]
                """);
        assertThat(errors(r)).containsExactly("p.yaml:5:3: error (document 0) CiliumNetworkPolicy/app/p"
                + " spec.nodeSelector: nodeSelector is only allowed in a CiliumClusterwideNetworkPolicy (R1)");
        assertThat(r.policies()).isEmpty();
    }

    @Test
    @DisplayName("R2/R6: a CCNP nodeSelector rule is a host rule")
    void clusterwideNodeSelectorIsAHostRule() {
        PolicyRule rule = onlyPolicy(parse("""
                apiVersion: cilium.io/v2
                kind: CiliumClusterwideNetworkPolicy
                metadata: {name: hosts}
                spec:
                  nodeSelector: {matchLabels: {role: worker}}
                  ingress: [{fromEntities: [world]}]
                """)).rules().get(0);
        assertThat(rule.nodeSubject()).isTrue();
        assertThat(rule.ref().key()).isEqualTo("CiliumClusterwideNetworkPolicy/hosts");
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("R3: a rule needs exactly one subject selector")
    @CsvSource(delimiter = '|', value = {
        "neither | ingress: [{}] | p.yaml:5:3: error (document 0) CiliumNetworkPolicy/app/p spec.endpointSelector:"
                + " missing: a rule needs exactly one of endpointSelector or nodeSelector (R3)",
        "both | {endpointSelector: {}, nodeSelector: {}, ingress: [{}]} | p.yaml:5:26: error (document 0)"
                + " CiliumNetworkPolicy/app/p spec.nodeSelector: a rule takes endpointSelector or nodeSelector, not"
                + " both (R3)"})
    void ruleNeedsExactlyOneSubject(String name, String spec, String expected) {
        ParseResult r = parse("apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p, namespace: app}\n"
                + "spec:\n  " + spec + "\n");
        assertThat(errors(r)).startsWith(expected);
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("R3: a rule whose four lists are all empty or absent is rejected")
    @CsvSource(delimiter = '|', value = {
        "absent | ''", "empty lists | '  ingress: []\n  egress: []\n'", "only enableDefaultDeny | '  enableDefaultDeny: {ingress: true}\n'"})
    void emptyRuleIsRejected(String name, String body) {
        ParseResult r = parse(cnp(body));
        assertThat(errors(r)).containsExactly("p.yaml:5:3: error (document 0) CiliumNetworkPolicy/app/p spec: the rule"
                + " has no ingress, ingressDeny, egress or egressDeny element; Cilium rejects it (R3)");
    }

    @Test
    @DisplayName("R4: one bad object does not reject the other objects of the file")
    void oneBadObjectDoesNotRejectTheOthersInTheFile() {
        ParseResult r = parse(cnp("  ingress: [{fromEntities: [world]}]\n") + """
                ---
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: bad, namespace: app}
                spec:
                  endpointSelector: {}
                  ingress: [{fromEntities: [world], toPorts: [{ports: [{port: "80"}]}]}]
                  egress: [{toEntities: [moon]}]
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: knp, namespace: app}
                spec: {podSelector: {}, policyTypes: [Ingress]}
                """);
        assertThat(r.policies()).extracting(p -> p.ref().key())
                .containsExactly("CiliumNetworkPolicy/app/p", "NetworkPolicy/app/knp");
        assertThat(r.rejected()).containsExactly("CiliumNetworkPolicy/app/bad");
        assertThat(errors(r)).containsExactly("p.yaml:14:26: error (document 1) CiliumNetworkPolicy/app/bad"
                + " spec.egress[0].toEntities[0]: \"moon\" is not an entity the CRD accepts: expected all, world,"
                + " cluster, host, remote-node, kube-apiserver, health, init, ingress, unmanaged or none (R30)");
        assertThat(r.policies().get(1).document()).isEqualTo(2);
    }

    @Test
    @DisplayName("multi-document YAML and kind: List are unpacked; other kinds are listed as ignored")
    void multiDocumentYamlAndListKind() {
        ParseResult r = parse("""
                apiVersion: v1
                kind: List
                items:
                - apiVersion: cilium.io/v2
                  kind: CiliumClusterwideNetworkPolicy
                  metadata: {name: a}
                  spec: {endpointSelector: {}, egress: [{toEntities: [cluster]}]}
                - apiVersion: v1
                  kind: Service
                  metadata: {name: svc}
                ---
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                ---
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: b, namespace: app}
                spec: {endpointSelector: {}, ingress: [{}]}
                """);
        assertThat(r.problems()).isEmpty();
        assertThat(r.policies()).extracting(p -> p.ref().key(), Policy::document, Policy::line).containsExactly(
                tuple("CiliumClusterwideNetworkPolicy/a", 0, 4),
                tuple("CiliumNetworkPolicy/app/b", 3, 17));
        assertThat(r.ignored()).containsExactly("Service/svc", "Deployment/web");
    }

    @Test
    @DisplayName("JSON, including a JSON array of objects, is accepted")
    void jsonPolicyIsAccepted() {
        ParseResult r = new PolicyParser().parse("p.json", """
                [{"apiVersion": "cilium.io/v2", "kind": "CiliumNetworkPolicy",
                  "metadata": {"name": "p", "namespace": "app"},
                  "spec": {"endpointSelector": {"matchLabels": {"role": "server"}},
                           "ingress": [{"toPorts": [{"ports": [{"port": "443", "protocol": "TCP"}]}]}]}}]
                """);
        RuleElement e = onlyElement(r);
        assertThat(e.peers()).isInstanceOf(Peers.Unspecified.class);
        assertThat(e.portRules().get(0).ports()).containsExactly(new PortSpec(443, 0, "", L4Protocol.TCP));
    }

    @Test
    @DisplayName("R1: a missing namespace defaults to \"default\" with a warning")
    void missingNamespaceDefaultsWithWarning() {
        ParseResult r = parse("""
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata:
                  name: p
                spec: {endpointSelector: {}, ingress: [{}]}
                """);
        assertThat(onlyPolicy(r).ref().key()).isEqualTo("CiliumNetworkPolicy/default/p");
        assertThat(warnings(r)).containsExactly("p.yaml:4:3: warning (document 0) CiliumNetworkPolicy/default/p"
                + " metadata.namespace: missing: namespace \"default\" assumed");
    }

    @Test
    @DisplayName("R2: a namespace on a cluster-scoped policy is ignored with a warning")
    void namespaceOnClusterwidePolicyIsIgnored() {
        ParseResult r = parse("""
                apiVersion: cilium.io/v2
                kind: CiliumClusterwideNetworkPolicy
                metadata: {name: c, namespace: app}
                spec: {endpointSelector: {}, ingress: [{}]}
                """);
        assertThat(onlyPolicy(r).ref().key()).isEqualTo("CiliumClusterwideNetworkPolicy/c");
        assertThat(warnings(r)).containsExactly("p.yaml:3:32: warning (document 0) CiliumClusterwideNetworkPolicy/c"
                + " metadata.namespace: ignored: CiliumClusterwideNetworkPolicy is cluster-scoped");
    }

    @ParameterizedTest(name = "{0}: {1} {2}")
    @DisplayName("policy kinds under API versions nobody serves are rejected, not ignored")
    @CsvSource(delimiter = '|', value = {
        "apiVersion | extensions/v1beta1 | NetworkPolicy | p.yaml:1:13: error (document 0) NetworkPolicy/app/p"
                + " apiVersion: \"extensions/v1beta1\" does not serve NetworkPolicy: expected networking.k8s.io/v1",
        "apiVersion | cilium.io/v1 | CiliumNetworkPolicy | p.yaml:1:13: error (document 0) CiliumNetworkPolicy/app/p"
                + " apiVersion: \"cilium.io/v1\" does not serve CiliumNetworkPolicy: expected cilium.io/v2",
        "apiVersion | cilium.io/v2alpha1 | CiliumClusterwideNetworkPolicy | p.yaml:1:13: error (document 0)"
                + " CiliumClusterwideNetworkPolicy/p apiVersion: \"cilium.io/v2alpha1\" does not serve"
                + " CiliumClusterwideNetworkPolicy: expected cilium.io/v2",
        "apiversion | cilium.io/v2 | CiliumNetworkPolicy | p.yaml:2:1: error (document 0) CiliumNetworkPolicy/app/p"
                + " apiVersion: missing: expected apiVersion cilium.io/v2 for CiliumNetworkPolicy"})
    void legacyApiVersionsAreRejected(String key, String apiVersion, String kind, String expected) {
        String spec = kind.equals("NetworkPolicy") ? "spec: {podSelector: {}}\n"
                : "spec: {endpointSelector: {}, ingress: [{}]}\n";
        String namespace = kind.equals("CiliumClusterwideNetworkPolicy") ? "" : ", namespace: app";
        ParseResult r = parse(key + ": " + apiVersion + "\nkind: " + kind + "\nmetadata: {name: p" + namespace + "}\n"
                + spec);
        assertThat(errors(r)).containsExactly(expected);
        assertThat(r.rejected()).hasSize(1);
        assertThat(r.ignored()).isEmpty();
    }

    @Test
    @DisplayName("unknown fields are warnings with their path, never errors and never silent")
    void unknownFieldIsAWarningNotAnError() {
        ParseResult r = parse(cnp("""
                  ingress:
                  - fromEndpoints: [{matchLabels: {role: client}}]
                    toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {HTTP: [{method: GET}]}}]
                    colour: blue
                """));
        RuleElement e = onlyElement(r);
        assertThat(e.portRules().get(0).l7()).as("the misspelled http block is pruned, as the API server does").isEmpty();
        assertThat(warnings(r)).containsExactly(
                "p.yaml:9:5: warning (document 0) CiliumNetworkPolicy/app/p spec.ingress[0].colour: unknown field,"
                        + " ignored",
                "p.yaml:8:62: warning (document 0) CiliumNetworkPolicy/app/p spec.ingress[0].toPorts[0].rules.HTTP:"
                        + " unknown field, ignored (field names are case-sensitive: did you mean http?)");
    }

    @Test
    @DisplayName("the same name twice: the later definition replaces the earlier one, with a warning")
    void duplicateNamesKeepTheLaterDefinition() {
        String first = cnp("  ingress: [{fromEntities: [world]}]\n");
        String second = first.replace("world", "cluster");
        ParseResult r = parse(first + "---\n" + second);
        assertThat(onlyPolicy(r).rules().get(0).elements().get(0).peers())
                .isEqualTo(new Peers.Entities(Set.of(Entity.CLUSTER)));
        assertThat(warnings(r)).containsExactly("p.yaml:8: warning (document 1) CiliumNetworkPolicy/app/p metadata.name:"
                + " defined again (first in p.yaml document 0 line 1): this later definition replaces the earlier one,"
                + " as kubectl apply would");
    }

    @Test
    @DisplayName("the same name in two files: the later file wins, and its result carries the warning")
    void duplicateNamesAcrossFiles(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yaml"), cnp("  ingress: [{fromEntities: [world]}]\n"));
        Files.writeString(dir.resolve("b.yaml"), cnp("  ingress: [{fromEntities: [cluster]}]\n"));
        PolicyLoader.LoadResult r = new PolicyLoader(CiliumVersion.DEFAULT).load(List.of(dir));
        assertThat(r.policies()).singleElement().satisfies(p -> assertThat(p.source()).endsWith("b.yaml"));
        assertThat(r.perFile().get(dir.resolve("b.yaml").toString()).warnings()).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("defined again (first in " + dir.resolve("a.yaml")));
    }

    @Test
    @DisplayName("a repeated key is a warning at the later key; the later value is used")
    void duplicateKeysAreReported() {
        ParseResult r = parse(cnp("""
                  ingress: [{fromEntities: [world]}]
                  ingress: [{fromEntities: [cluster]}]
                """));
        assertThat(onlyElement(r).peers()).isEqualTo(new Peers.Entities(Set.of(Entity.CLUSTER)));
        assertThat(warnings(r)).containsExactly("p.yaml:7:3: warning (document 0) spec.ingress: duplicate key (first at"
                + " line 6): this later value is used");
    }

    @Test
    @DisplayName("a YAML syntax error reports its line; the documents before it are still read")
    void yamlSyntaxErrorReportsLine() {
        ParseResult r = parse(cnp("  ingress: [{}]\n") + "---\napiVersion: cilium.io/v2\nkind: [unclosed\n");
        assertThat(r.policies()).hasSize(1);
        assertThat(r.rejected()).containsExactly("document 1 and after");
        assertThat(errors(r)).containsExactly("p.yaml:10:1: error (document 1): not valid YAML: while parsing a flow"
                + " sequence: expected ',' or ']', but got <stream end> (documents before it were read)");
        assertThat(errors(parse("a: 1\n  b: 2\n"))).containsExactly("p.yaml:2:4: error (document 0): not valid YAML:"
                + " mapping values are not allowed here");
        assertThat(errors(new PolicyParser().parse("p.json", "{\"kind\": \"CiliumNetworkPolicy\",\n \"spec\": }")))
                .containsExactly("p.json:2:10: error (document 0): not valid JSON: Unexpected character ('}' (code 125)):"
                        + " expected a value");
    }

    @Test
    @DisplayName("an empty file is reported, not silently dropped")
    void emptyFileIsReported() {
        assertThat(warnings(parse("# nothing here\n"))).containsExactly("p.yaml:1: warning (document 0): no Kubernetes"
                + " object in this file");
    }

    @Test
    @DisplayName("empty values are null as in Kubernetes: a bare 'matchLabels:' selects all, a trailing --- is nothing")
    void emptyValuesAreNullNotEmptyStrings() {
        ParseResult r = parse(cnp("""
                  ingress:
                  - fromEndpoints:
                    - matchLabels:
                    toPorts: [{ports: [{port: "80", protocol: TCP}]}]
                ---
                """));
        assertThat(onlyElement(r).peers()).isEqualTo(new Peers.Endpoints(List.of(Selector.ALL)));
        assertThat(r.problems()).isEmpty();
    }

    // ---- peers (R28-R37) ----

    @ParameterizedTest(name = "{0} + {1}")
    @DisplayName("R28: combining two peer kinds in one element is rejected")
    @CsvSource({
        "fromEndpoints, fromEntities, ingress, '[{}]', '[world]'",
        "fromCIDR, fromCIDRSet, ingress, '[10.0.0.0/8]', '[{cidr: 10.0.0.0/8}]'",
        "fromEntities, fromNodes, ingress, '[world]', '[{}]'",
        "toEndpoints, toFQDNs, egress, '[{}]', '[{matchName: a.example.com}]'",
        "toCIDR, toEntities, egress, '[10.0.0.0/8]', '[world]'",
        "toServices, toGroups, egress, '[{k8sService: {serviceName: a}}]', '[{aws: {labels: {a: b}}}]'"})
    void combiningTwoPeerKindsIsRejected(String a, String b, String section, String va, String vb) {
        String line = "  " + section + ": [{" + a + ": " + va + ", " + b + ": " + vb + "}]";
        ParseResult r = parse(cnp(line + "\n"));
        int column = line.indexOf(b + ":") + 1;
        assertThat(errors(r)).containsExactly("p.yaml:6:" + column + ": error (document 0) CiliumNetworkPolicy/app/p spec."
                + section + "[0]." + b + ": combining " + a + " and " + b + " in one element is not supported (R28)");
    }

    @Test
    @DisplayName("R29: an empty peer list selects nothing; an absent one is unspecified")
    void emptyPeerListSelectsNothing() {
        Policy p = onlyPolicy(parse(cnp("""
                  ingress:
                  - fromEndpoints: []
                    toPorts: [{ports: [{port: "80", protocol: TCP}]}]
                  - toPorts: [{ports: [{port: "80", protocol: TCP}]}]
                  - {}
                """)));
        assertThat(p.rules().get(0).elements()).extracting(RuleElement::peers, RuleElement::hasPortRules).containsExactly(
                tuple(new Peers.Endpoints(List.of()), true),
                tuple(new Peers.Unspecified(), true),
                tuple(new Peers.Unspecified(), false));
    }

    @Test
    @DisplayName("R30 edge 36: world-ipv4 is in the agent but not in the CRD enum, so it is rejected")
    void worldIpv4EntityRejectedByCrd() {
        ParseResult r = parse(cnp("  egress: [{toEntities: [world, world-ipv4]}]\n"));
        assertThat(errors(r)).containsExactly("p.yaml:6:33: error (document 0) CiliumNetworkPolicy/app/p"
                + " spec.egress[0].toEntities[1]: \"world-ipv4\" is not an entity the CRD accepts: expected all, world,"
                + " cluster, host, remote-node, kube-apiserver, health, init, ingress, unmanaged or none (R30)");
    }

    @Test
    @DisplayName("R31: an except prefix outside its cidr is rejected")
    void exceptOutsideCidrIsRejected() {
        ParseResult r = parse(cnp("  egress: [{toCIDRSet: [{cidr: 10.0.0.0/16, except: [10.1.0.0/24]}]}]\n"));
        assertThat(errors(r)).containsExactly("p.yaml:6:54: error (document 0) CiliumNetworkPolicy/app/p"
                + " spec.egress[0].toCIDRSet[0].except[0]: 10.1.0.0/24 is not inside 10.0.0.0/16: an except prefix must"
                + " lie inside the entry's cidr (R31)");
    }

    @Test
    @DisplayName("R31: a CIDR set entry keeps its excepts; toCIDR takes a bare address as /32")
    void cidrSetExceptIsKept() {
        Policy p = onlyPolicy(parse(cnp("""
                  egress:
                  - toCIDRSet: [{cidr: 10.0.0.0/8, except: [10.1.0.0/16, 10.2.0.0/16]}]
                  - toCIDR: [192.0.2.1, 2001:db8::/32]
                """)));
        assertThat(p.rules().get(0).elements().get(0).peers()).isEqualTo(new Peers.Cidrs(List.of(new CidrRule(
                prefix("10.0.0.0/8"), List.of(prefix("10.1.0.0/16"), prefix("10.2.0.0/16"))))));
        assertThat(p.rules().get(0).elements().get(1).peers()).isEqualTo(new Peers.Cidrs(List.of(
                new CidrRule(prefix("192.0.2.1/32"), List.of()), new CidrRule(prefix("2001:db8::/32"), List.of()))));
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("R31: a CIDR set entry takes exactly one source, and prefixes with a length")
    @CsvSource(delimiter = '|', value = {
        "{cidr: 10.0.0.0/8, cidrGroupRef: g} | p.yaml:6:25: error (document 0) CiliumNetworkPolicy/app/p"
                + " spec.egress[0].toCIDRSet[0]: a CIDR set entry takes exactly one of cidr, cidrGroupRef or"
                + " cidrGroupSelector, found cidr and cidrGroupRef (R31)",
        "{except: [10.0.0.0/9]} | p.yaml:6:25: error (document 0) CiliumNetworkPolicy/app/p"
                + " spec.egress[0].toCIDRSet[0].cidr: missing: a CIDR set entry needs one of cidr, cidrGroupRef or"
                + " cidrGroupSelector (R31)",
        "{cidr: 10.0.0.1} | p.yaml:6:32: error (document 0) CiliumNetworkPolicy/app/p spec.egress[0].toCIDRSet[0].cidr:"
                + " \"10.0.0.1\" has no prefix length: a CIDR set needs address/length such as 10.0.0.1/32 (R31)"})
    void cidrSetEntryShape(String entry, String expected) {
        assertThat(errors(parse(cnp("  egress: [{toCIDRSet: [" + entry + "]}]\n")))).containsExactly(expected);
    }

    @Test
    @DisplayName("R33: toFQDNs in egressDeny is rejected")
    void toFqdnsInEgressDenyIsRejected() {
        ParseResult r = parse(cnp("  egressDeny: [{toFQDNs: [{matchName: api.example.com}]}]\n"));
        assertThat(errors(r)).containsExactly("p.yaml:6:17: error (document 0) CiliumNetworkPolicy/app/p"
                + " spec.egressDeny[0].toFQDNs: toFQDNs is not allowed in egressDeny (R33)");
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("R33/R58: an FQDN selector needs exactly one of matchName and matchPattern, with DNS characters")
    @CsvSource(delimiter = '|', value = {
        "{} | p.yaml:6:23: error (document 0) CiliumNetworkPolicy/app/p spec.egress[0].toFQDNs[0]: missing: expected"
                + " matchName or matchPattern (R33, R58)",
        "{matchName: a.com, matchPattern: '*.a.com'} | p.yaml:6:23: error (document 0) CiliumNetworkPolicy/app/p"
                + " spec.egress[0].toFQDNs[0]: matchName and matchPattern cannot both be set (R33, R58)",
        "{matchPattern: 'a?.com'} | p.yaml:6:38: error (document 0) CiliumNetworkPolicy/app/p"
                + " spec.egress[0].toFQDNs[0].matchPattern: \"a?.com\" has characters a DNS pattern cannot hold: allowed"
                + " are [-a-zA-Z0-9_.*] (R58)"})
    void fqdnSelectorShape(String selector, String expected) {
        assertThat(errors(parse(cnp("  egress: [{toFQDNs: [" + selector + "]}]\n")))).containsExactly(expected);
    }

    @Test
    @DisplayName("R37: fromRequires is rejected in 1.19 and accepted with a warning in 1.18")
    void fromRequiresRejectedIn119AcceptedWithWarningIn118() {
        String text = cnp("  ingress: [{fromRequires: [{matchLabels: {env: prod}}]}]\n");
        assertThat(errors(new PolicyParser(CiliumVersion.V1_19).parse("p.yaml", text))).containsExactly(
                "p.yaml:6:14: error (document 0) CiliumNetworkPolicy/app/p spec.ingress[0].fromRequires: fromRequires"
                        + " was removed in Cilium 1.19 (R37); audit with --cilium-version 1.18 to accept it");
        ParseResult at118 = new PolicyParser(CiliumVersion.V1_18).parse("p.yaml", text);
        assertThat(at118.policies()).hasSize(1);
        assertThat(warnings(at118)).containsExactly("p.yaml:6:14: warning (document 0) CiliumNetworkPolicy/app/p"
                + " spec.ingress[0].fromRequires: fromRequires (deprecated) is not modelled by flowaudit; its"
                + " requirements are not applied (R37)");
    }

    @Test
    @DisplayName("R12/R13: selectors keep source prefixes and operators; operators are case-sensitive")
    void selectorsKeepSourcesAndOperators() {
        Peers peers = onlyElement(parse(cnp("""
                  ingress:
                  - fromEndpoints:
                    - matchLabels: {k8s:app: web, reserved:host: '', plain: x}
                      matchExpressions:
                      - {key: tier, operator: NotIn, values: [db]}
                      - {key: k8s:io.kubernetes.pod.namespace, operator: Exists}
                """))).peers();
        assertThat(peers).isInstanceOf(Peers.Endpoints.class);
        assertThat(((Peers.Endpoints) peers).selectors()).singleElement().extracting(Selector::requirements)
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).containsExactly(
                new Requirement("k8s", "app", Operator.IN, List.of("web")),
                new Requirement("reserved", "host", Operator.IN, List.of("")),
                new Requirement("any", "plain", Operator.IN, List.of("x")),
                new Requirement("any", "tier", Operator.NOT_IN, List.of("db")),
                new Requirement("k8s", "io.kubernetes.pod.namespace", Operator.EXISTS, List.of()));
        assertThat(errors(parse(cnp("  ingress: [{fromEndpoints: [{matchExpressions: [{key: a, operator: in, values: [b]}]}]}]\n"))))
                .containsExactly("p.yaml:6:69: error (document 0) CiliumNetworkPolicy/app/p"
                        + " spec.ingress[0].fromEndpoints[0].matchExpressions[0].operator: \"in\" is not an operator:"
                        + " expected In, NotIn, Exists or DoesNotExist");
    }

    // ---- layer 4 (R38-R46) ----

    @ParameterizedTest(name = "port {0}")
    @DisplayName("R40: a port that is not a number or a name is rejected with its path")
    @CsvSource(delimiter = '|', value = {
        "'\"http_80\"' | 15 | \"http_80\" is not a port number or name: expected 0-65535 or an IANA service name (R40)",
        "'\"65536\"' | 15 | 65536 is not a port number: expected 0-65535 (R40)",
        "'\"-1\"' | 15 | \"-1\" is not a port number or name: expected 0-65535 or an IANA service name (R40)",
        "'\"a-very-long-port-name\"' | 15 | \"a-very-long-port-name\" is not a port number or name: expected 0-65535"
                + " or an IANA service name (R40)",
        "'true' | 15 | expected a port number (0-65535) or a port name, found true (R40)"})
    void portThatIsNotANumberOrNameIsRejectedWithItsPath(String port, int column, String message) {
        ParseResult r = parse(cnp("""
                  egress:
                  - toPorts:
                    - ports:
                      - port: %s
                        protocol: TCP
                """.formatted(port)));
        assertThat(errors(r)).containsExactly("p.yaml:9:" + column + ": error (document 0) CiliumNetworkPolicy/app/p"
                + " spec.egress[0].toPorts[0].ports[0].port: " + message);
    }

    @Test
    @DisplayName("R40: a port rule without a port is rejected")
    void missingPortIsRejected() {
        assertThat(errors(parse(cnp("  egress: [{toPorts: [{ports: [{protocol: TCP}]}]}]\n")))).containsExactly(
                "p.yaml:6:32: error (document 0) CiliumNetworkPolicy/app/p spec.egress[0].toPorts[0].ports[0].port:"
                        + " missing: a port rule needs a port (use \"0\" for every port, R40)");
    }

    @Test
    @DisplayName("R40/R43: named ports are lower-cased; a bare number is accepted with a warning (the CRD wants a string)")
    void namedAndBareNumberPorts() {
        ParseResult r = parse(cnp("  ingress: [{toPorts: [{ports: [{port: HTTP-Alt, protocol: TCP}, {port: 8080}]}]}]\n"));
        assertThat(onlyElement(r).portRules().get(0).ports()).containsExactly(
                new PortSpec(0, 0, "http-alt", L4Protocol.TCP), new PortSpec(8080, 0, "", L4Protocol.ANY));
        assertThat(warnings(r)).containsExactly("p.yaml:6:73: warning (document 0) CiliumNetworkPolicy/app/p"
                + " spec.ingress[0].toPorts[0].ports[1].port: the CRD declares port a string: the API server refuses"
                + " the bare number 8080, write \"8080\"");
    }

    @ParameterizedTest(name = "{0}-{1}")
    @DisplayName("R41: endPort is parsed; a reversed range is just the port; port 0 ignores it")
    @CsvSource({"8000, 8100, 8000, 8100, 8100", "80, 70, 80, 70, 80", "0, 100, 0, 0, 65535", "80, 80, 80, 80, 80"})
    void endPortIsParsed(String port, int endPort, int low, int storedEnd, int high) {
        PortSpec p = onlyElement(parse(cnp("  ingress: [{toPorts: [{ports: [{port: \"" + port + "\", endPort: " + endPort
                + ", protocol: TCP}]}]}]\n"))).portRules().get(0).ports().get(0);
        assertThat(p).isEqualTo(new PortSpec(low, storedEnd, "", L4Protocol.TCP));
        assertThat(p.high()).isEqualTo(high);
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("R42: protocols are TCP, UDP, SCTP or ANY (empty is ANY); the CRD enum is upper case")
    @CsvSource(delimiter = '|', value = {
        "tcp | \"tcp\" is not a protocol the CRD accepts: the enum is upper case, write TCP (R42)",
        "ICMP | \"ICMP\" is not a protocol the CRD accepts: expected TCP, UDP, SCTP, IGMP, VRRP or ANY (R42)"})
    void protocolEnum(String protocol, String message) {
        assertThat(errors(parse(cnp("  ingress: [{toPorts: [{ports: [{port: \"80\", protocol: " + protocol + "}]}]}]\n"))))
                .containsExactly("p.yaml:6:56: error (document 0) CiliumNetworkPolicy/app/p"
                        + " spec.ingress[0].toPorts[0].ports[0].protocol: " + message);
        assertThat(onlyElement(parse(cnp("  ingress: [{toPorts: [{ports: [{port: \"80\"}]}]}]\n"))).portRules().get(0)
                .ports()).containsExactly(new PortSpec(80, 0, "", L4Protocol.ANY));
    }

    @Test
    @DisplayName("R44: extended IP protocols need their release; they are accepted with a warning and not modelled")
    void extendedProtocolsNeedTheirRelease() {
        String text = cnp("  egress: [{toPorts: [{ports: [{port: \"80\", protocol: TCP}, {protocol: GRE}]}]}]\n");
        assertThat(errors(parse(text))).containsExactly("p.yaml:6:72: error (document 0) CiliumNetworkPolicy/app/p"
                + " spec.egress[0].toPorts[0].ports[1].protocol: protocol GRE needs Cilium 1.20 or later (R44); audit"
                + " with --cilium-version 1.20 to accept it");
        ParseResult at120 = new PolicyParser(CiliumVersion.V1_20).parse("p.yaml", text);
        assertThat(onlyElement(at120).portRules().get(0).ports()).containsExactly(new PortSpec(80, 0, "", L4Protocol.TCP));
        assertThat(warnings(at120)).containsExactly("p.yaml:6:72: warning (document 0) CiliumNetworkPolicy/app/p"
                + " spec.egress[0].toPorts[0].ports[1].protocol: GRE traffic (enable-extended-ip-protocols) is not"
                + " modelled by flowaudit; this entry is ignored (R44)");
        assertThat(errors(parse(cnp("  egress: [{toPorts: [{ports: [{port: \"112\", protocol: VRRP}]}]}]\n"))))
                .containsExactly("p.yaml:6:39: error (document 0) CiliumNetworkPolicy/app/p"
                        + " spec.egress[0].toPorts[0].ports[0].port: VRRP has no ports: leave port empty or \"0\" (R44)");
    }

    @ParameterizedTest(name = "{0} {1}")
    @DisplayName("R45: ICMP types by number or by the family's name; family defaults to IPv4")
    @CsvSource({
        "'', EchoRequest, 8, ICMP", "IPv4, Echo, 8, ICMP", "IPv4, EchoReply, 0, ICMP", "IPv4, 11, 11, ICMP",
        "IPv4, TimeExceeded, 11, ICMP", "IPv6, EchoRequest, 128, ICMPV6", "IPv6, EchoReply, 129, ICMPV6",
        "IPv6, NeighborSolicitation, 135, ICMPV6", "IPv6, DestinationUnreachable, 1, ICMPV6"})
    void icmpsTypeNames(String family, String type, int number, L4Protocol protocol) {
        String field = family.isEmpty() ? "{type: " + type + "}" : "{family: " + family + ", type: " + type + "}";
        RuleElement e = onlyElement(parse(cnp("  ingress: [{fromEntities: [world], icmps: [{fields: [" + field + "]}]}]\n")));
        assertThat(e.hasPortRules()).isTrue();
        assertThat(e.portRules().get(0).ports()).containsExactly(new PortSpec(number, 0, "", protocol));
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("R45: wrong ICMP types and families are rejected, and icmps cannot sit beside toPorts")
    @CsvSource(delimiter = '|', value = {
        "icmps: [{fields: [{type: NeighborSolicitation}]}] | p.yaml:6:39: error (document 0) CiliumNetworkPolicy/app/p"
                + " spec.ingress[0].icmps[0].fields[0].type: expected an ICMPv4 type (0-255 or a name such as"
                + " EchoRequest), found the string \"NeighborSolicitation\" (R45)",
        "icmps: [{fields: [{family: ipv6, type: 1}]}] | p.yaml:6:41: error (document 0) CiliumNetworkPolicy/app/p"
                + " spec.ingress[0].icmps[0].fields[0].family: \"ipv6\" is not an ICMP family: expected IPv4 or IPv6 (R45)",
        "icmps: [{fields: [{type: 256}]}] | p.yaml:6:39: error (document 0) CiliumNetworkPolicy/app/p"
                + " spec.ingress[0].icmps[0].fields[0].type: expected an ICMPv4 type (0-255 or a name such as"
                + " EchoRequest), found 256 (R45)",
        "icmps: [{fields: [{type: 8}]}], toPorts: [{ports: [{port: '80'}]}] | p.yaml:6:14: error (document 0)"
                + " CiliumNetworkPolicy/app/p spec.ingress[0].icmps: toPorts and icmps cannot be combined in one element;"
                + " write two elements (R45)"})
    void icmpShape(String element, String expected) {
        assertThat(errors(parse(cnp("  ingress: [{" + element + "}]\n")))).containsExactly(expected);
    }

    @Test
    @DisplayName("R38: more than 40 ports in one port rule is rejected")
    void tooManyPortsAreRejected() {
        StringBuilder ports = new StringBuilder();
        for (int i = 1; i <= 41; i++) {
            ports.append(i > 1 ? ", " : "").append("{port: '").append(1000 + i).append("'}");
        }
        assertThat(errors(parse(cnp("  ingress: [{toPorts: [{ports: [" + ports + "]}]}]\n")))).containsExactly(
                "p.yaml:6:32: error (document 0) CiliumNetworkPolicy/app/p spec.ingress[0].toPorts[0].ports: 41 ports is"
                        + " too many: the limit is 40 (R38)");
    }

    // ---- layer 7 (R47-R60) ----

    @ParameterizedTest(name = "{0}")
    @DisplayName("R47 edge 16: HTTP rules need protocol TCP on every port of the port rule")
    @CsvSource(delimiter = '|', value = {
        "'{port: \"80\", protocol: UDP}' | 56 | protocol | found UDP",
        "'{port: \"80\", protocol: ANY}' | 56 | protocol | found ANY",
        "'{port: \"80\"}' | 33 | protocol | found no protocol (ANY)"})
    void httpRulesNeedTcp(String port, int column, String field, String found) {
        ParseResult r = parse(cnp("  ingress: [{toPorts: [{ports: [" + port + "], rules: {http: [{method: GET}]}}]}]\n"));
        assertThat(errors(r)).containsExactly("p.yaml:6:" + column + ": error (document 0) CiliumNetworkPolicy/app/p"
                + " spec.ingress[0].toPorts[0].ports[0]." + field + ": HTTP rules need protocol TCP on every port of the"
                + " port rule, " + found + " (R47)");
        assertThat(r.rejected()).containsExactly("CiliumNetworkPolicy/app/p");
    }

    @Test
    @DisplayName("R47/R48: HTTP rules are kept with method, path, host and headers; port 0 is refused")
    void httpRulesAreKept() {
        RuleElement e = onlyElement(parse(cnp("""
                  ingress:
                  - toPorts:
                    - ports: [{port: "80", protocol: TCP}]
                      rules:
                        http:
                        - {method: GET, path: "/api/v[0-9]+", host: "a\\\\.example\\\\.com", headers: [X-Token]}
                        -
                """)));
        assertThat(e.portRules().get(0).l7()).hasValueSatisfying(l7 -> {
            assertThat(l7.http()).hasSize(2);
            assertThat(l7.http().get(0).method()).isEqualTo("GET");
            assertThat(l7.http().get(0).path()).isEqualTo("/api/v[0-9]+");
            assertThat(l7.http().get(0).host()).isEqualTo("a\\.example\\.com");
            assertThat(l7.http().get(0).headers()).containsExactly("X-Token");
            assertThat(l7.http().get(1).method()).as("an empty entry allows every request (R49)").isEmpty();
        });
        assertThat(errors(parse(cnp("  ingress: [{toPorts: [{ports: [{port: \"0\", protocol: TCP}], rules: {http: [{}]}}]}]\n"))))
                .containsExactly("p.yaml:6:40: error (document 0) CiliumNetworkPolicy/app/p"
                        + " spec.ingress[0].toPorts[0].ports[0].port: HTTP rules cannot be used on port 0 (every port):"
                        + " name an explicit port (R47)");
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("R47: DNS rules need explicit ports without ranges, and egress")
    @CsvSource(delimiter = '|', value = {
        "no ports | egress | '' | p.yaml:6:32: error (document 0) CiliumNetworkPolicy/app/p"
                + " spec.egress[0].toPorts[0].rules.dns: DNS rules need explicit ports, such as port \"53\" (R47)",
        "port 0 | egress | '{port: \"0\", protocol: UDP}' | p.yaml:6:39: error (document 0) CiliumNetworkPolicy/app/p"
                + " spec.egress[0].toPorts[0].ports[0].port: DNS rules cannot be used on port 0 (every port): name an"
                + " explicit port (R47)",
        "range | egress | '{port: \"53\", endPort: 54, protocol: UDP}' | p.yaml:6:54: error (document 0)"
                + " CiliumNetworkPolicy/app/p spec.egress[0].toPorts[0].ports[0].endPort: DNS rules do not support port"
                + " ranges: drop endPort (R47)",
        "ingress | ingress | '{port: \"53\", protocol: UDP}' | p.yaml:6:71: error (document 0) CiliumNetworkPolicy/app/p"
                + " spec.ingress[0].toPorts[0].rules.dns: DNS rules are only allowed on egress (R47)"})
    void dnsRulesNeedExplicitPortsWithoutRanges(String name, String section, String port, String expected) {
        String ports = port.isEmpty() ? "" : "ports: [" + port + "], ";
        ParseResult r = parse(cnp("  " + section + ": [{toPorts: [{" + ports + "rules: {dns: [{matchPattern: '*'}]}}]}]\n"));
        assertThat(errors(r)).containsExactly(expected);
    }

    @Test
    @DisplayName("R47: rules hold one L7 kind; l7 needs l7proto; Kafka is accepted with a warning until 1.20 (R59)")
    void oneL7KindPerPortRule() {
        assertThat(errors(parse(cnp("  egress: [{toPorts: [{ports: [{port: \"53\", protocol: TCP}], rules: {http: [{}],"
                + " dns: [{matchName: a.com}]}}]}]\n")))).containsExactly("p.yaml:6:69: error (document 0)"
                + " CiliumNetworkPolicy/app/p spec.egress[0].toPorts[0].rules: rules may hold only one of http, dns, kafka"
                + " or l7proto, found http and dns (R47)");
        String cassandra = cnp("  ingress: [{toPorts: [{ports: [{port: \"9042\", protocol: TCP}], rules: {l7proto: cassandra,"
                + " l7: [{query_action: select}]}}]}]\n");
        RuleElement e = onlyElement(parse(cassandra));
        assertThat(e.portRules().get(0).l7()).hasValueSatisfying(l7 -> assertThat(l7.otherKind()).isEqualTo("l7proto"));
        assertThat(errors(new PolicyParser(CiliumVersion.V1_20).parse("p.yaml", cassandra))).containsExactly(
                "p.yaml:6:82: error (document 0) CiliumNetworkPolicy/app/p spec.ingress[0].toPorts[0].rules.l7proto:"
                        + " l7proto rules were removed in Cilium 1.20 (R59)");
        assertThat(errors(parse(cassandra.replace("l7proto: cassandra, ", "")))).containsExactly("p.yaml:6:73: error"
                + " (document 0) CiliumNetworkPolicy/app/p spec.ingress[0].toPorts[0].rules.l7: 'l7' may only be given"
                + " together with 'l7proto' (R47)");
    }

    @Test
    @DisplayName("R62: L7 rules in deny rules are rejected")
    void l7RulesInDenyAreRejected() {
        ParseResult r = parse(cnp("  ingressDeny: [{toPorts: [{ports: [{port: \"80\", protocol: TCP}], rules: {http: [{}]}}]}]\n"));
        assertThat(errors(r)).containsExactly("p.yaml:6:67: error (document 0) CiliumNetworkPolicy/app/p"
                + " spec.ingressDeny[0].toPorts[0].rules: L7 rules are not allowed in deny rules; a deny port rule has"
                + " ports only (R62)");
    }

    @Test
    @DisplayName("R62: a deny element takes peers, ports and icmps")
    void denyElementsKeepPeersAndPorts() {
        Policy p = onlyPolicy(parse(cnp("""
                  egressDeny:
                  - toCIDRSet: [{cidr: 0.0.0.0/0, except: [10.0.0.0/8]}]
                    toPorts: [{ports: [{port: "22", protocol: TCP}]}]
                  - toEntities: [world]
                    icmps: [{fields: [{type: 8}]}]
                """)));
        assertThat(p.rules().get(0).elements()).allSatisfy(e -> assertThat(e.isDeny()).isTrue());
        assertThat(p.rules().get(0).elements().get(1).portRules().get(0).ports())
                .containsExactly(new PortSpec(8, 0, "", L4Protocol.ICMP));
    }

    @Test
    @DisplayName("R6: host policies may not hold HTTP rules")
    void hostPoliciesRejectHttp() {
        ParseResult r = parse("""
                apiVersion: cilium.io/v2
                kind: CiliumClusterwideNetworkPolicy
                metadata: {name: h}
                spec:
                  nodeSelector: {}
                  ingress: [{toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {http: [{}]}}]}]
                """);
        assertThat(errors(r)).containsExactly("p.yaml:6:71: error (document 0) CiliumClusterwideNetworkPolicy/h"
                + " spec.ingress[0].toPorts[0].rules.http: host policies (nodeSelector) may not contain http rules (R6)");
    }

    @Test
    @DisplayName("R60: serverNames with L7 rules need terminatingTLS; server names alone are accepted with a warning")
    void serverNamesWithL7NeedTerminatingTls() {
        assertThat(errors(parse(cnp("  egress: [{toPorts: [{ports: [{port: \"443\", protocol: TCP}], serverNames: [a.com],"
                + " rules: {http: [{}]}}]}]\n")))).containsExactly("p.yaml:6:63: error (document 0)"
                + " CiliumNetworkPolicy/app/p spec.egress[0].toPorts[0].serverNames: serverNames with L7 rules need"
                + " terminatingTLS (R60)");
        assertThat(warnings(parse(cnp("  egress: [{toPorts: [{ports: [{port: \"443\", protocol: TCP}], serverNames: [a.com]}]}]\n"))))
                .containsExactly("p.yaml:6:63: warning (document 0) CiliumNetworkPolicy/app/p"
                        + " spec.egress[0].toPorts[0].serverNames: TLS server names are not judged by flowaudit;"
                        + " connections on these ports are judged as if the name matched (R60)");
    }

    @Test
    @DisplayName("R21: enableDefaultDeny flags are read, including YAML 1.1 spellings")
    void enableDefaultDenyFlags() {
        PolicyRule rule = onlyPolicy(parse(cnp("  enableDefaultDeny: {ingress: no, egress: true}\n  ingress: [{}]\n")))
                .rules().get(0);
        assertThat(rule.defaultDenyIngress()).isFalse();
        assertThat(rule.defaultDenyEgress()).isTrue();
    }

    // ---- Kubernetes NetworkPolicy ----

    static String knp(String spec) {
        return "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: k, namespace: app}\nspec:\n"
                + "  podSelector: {matchLabels: {role: server}}\n" + spec;
    }

    @Test
    @DisplayName("KNP: pod selectors get the policy namespace; namespace selectors become namespace-label requirements")
    void kubernetesNetworkPolicyTranslatesPodAndNamespaceSelectors() {
        Policy p = onlyPolicy(parse(knp("""
                  ingress:
                  - from:
                    - podSelector: {matchLabels: {role: client}}
                    - namespaceSelector: {matchLabels: {team: blue}}
                      podSelector: {matchLabels: {role: scraper}}
                    - namespaceSelector: {}
                    ports: [{port: 8080}]
                """)));
        assertThat(p.ref().kind()).isEqualTo(PolicyKind.NETWORK_POLICY);
        RuleElement e = p.rules().get(0).elements().get(0);
        Requirement inAnyNamespace = Requirement.exists("k8s", "io.kubernetes.pod.namespace");
        assertThat(e.peers()).isEqualTo(new Peers.Endpoints(List.of(
                new Selector(List.of(new Requirement("any", "role", Operator.IN, List.of("client")),
                        Requirement.equalTo("k8s", "io.kubernetes.pod.namespace", "app"))),
                new Selector(List.of(new Requirement("any", "role", Operator.IN, List.of("scraper")),
                        Requirement.equalTo("k8s", "io.cilium.k8s.namespace.labels.team", "blue"), inAnyNamespace)),
                new Selector(List.of(inAnyNamespace)))));
        assertThat(e.portRules().get(0).ports()).containsExactly(new PortSpec(8080, 0, "", L4Protocol.TCP));
    }

    @Test
    @DisplayName("KNP: a listed policy type without rules isolates; an empty from allows all sources")
    void policyTypesWithoutRulesIsolate() {
        PolicyRule rule = onlyPolicy(parse(knp("  policyTypes: [Ingress, Egress]\n  ingress: [{}]\n"))).rules().get(0);
        assertThat(rule.elements()).extracting(e -> e.ref().section(), RuleElement::peers, RuleElement::hasPortRules)
                .containsExactly(
                        tuple(Section.INGRESS, Peers.all(), false),
                        tuple(Section.EGRESS, new Peers.Unspecified(), false));
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("KNP: without policyTypes (or with an empty list) an empty egress list does not isolate egress")
    @CsvSource(delimiter = '|', value = {"no policyTypes | ''", "empty policyTypes | '  policyTypes: []\n'"})
    void emptyEgressWithoutPolicyTypesDoesNotIsolate(String name, String policyTypes) {
        PolicyRule rule = onlyPolicy(parse(knp(policyTypes + "  ingress: [{}]\n  egress: []\n"))).rules().get(0);
        assertThat(rule.elements()).extracting(e -> e.ref().section()).containsExactly(Section.INGRESS);
    }

    @Test
    @DisplayName("KNP: without policyTypes Ingress is always a policy type, so an egress-only policy isolates ingress")
    void egressOnlyPolicyStillIsolatesIngress() {
        PolicyRule rule = onlyPolicy(parse(knp("  egress: [{to: [{podSelector: {}}]}]\n"))).rules().get(0);
        assertThat(rule.elements()).extracting(e -> e.ref().section(), RuleElement::peers).containsExactly(
                tuple(Section.INGRESS, new Peers.Unspecified()),
                tuple(Section.EGRESS, new Peers.Endpoints(List.of(new Selector(List.of(
                        Requirement.equalTo("k8s", "io.kubernetes.pod.namespace", "app")))))));
    }

    @Test
    @DisplayName("KNP: ipBlock except is kept; an except that is not strictly inside cidr is rejected")
    void ipBlockExceptIsKept() {
        RuleElement e = egress(parse(knp("""
                  egress:
                  - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
                """)));
        assertThat(e.peers()).isEqualTo(new Peers.Cidrs(List.of(new CidrRule(prefix("10.0.0.0/8"),
                List.of(prefix("10.1.0.0/16"))))));
        assertThat(errors(parse(knp("  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8]}}]}]\n"))))
                .containsExactly("p.yaml:6:56: error (document 0) NetworkPolicy/app/k spec.egress[0].to[0].ipBlock.except[0]:"
                        + " expected a prefix strictly inside 10.0.0.0/8, found the string \"10.0.0.0/8\"");
    }

    @Test
    @DisplayName("KNP: an empty 'to:' is every destination (null, not an empty string)")
    void emptyToIsEveryDestination() {
        RuleElement e = egress(parse(knp("""
                  egress:
                  - to:
                    ports: [{port: 53, protocol: UDP}]
                """)));
        assertThat(e.peers()).isEqualTo(Peers.all());
        assertThat(e.portRules().get(0).ports()).containsExactly(new PortSpec(53, 0, "", L4Protocol.UDP));
    }

    @Test
    @DisplayName("KNP: endPort needs a numeric port not above it; protocols are case-sensitive")
    void knpPortValidation() {
        assertThat(onlyPolicy(parse(knp("  ingress: [{ports: [{port: 32000, endPort: 32768}]}]\n"))).rules().get(0)
                .elements().get(0).portRules().get(0).ports()).containsExactly(new PortSpec(32000, 32768, "", L4Protocol.TCP));
        assertThat(errors(parse(knp("  ingress: [{ports: [{port: 80, endPort: 70}]}]\n")))).containsExactly(
                "p.yaml:6:42: error (document 0) NetworkPolicy/app/k spec.ingress[0].ports[0].endPort: endPort 70 is"
                        + " below port 80");
        assertThat(errors(parse(knp("  ingress: [{ports: [{port: 80, protocol: udp}]}]\n")))).containsExactly(
                "p.yaml:6:43: error (document 0) NetworkPolicy/app/k spec.ingress[0].ports[0].protocol: \"udp\" is not a"
                        + " protocol: expected TCP, UDP or SCTP");
    }

    /** The egress element of a NetworkPolicy; without policyTypes, Ingress is always isolated too. */
    private static RuleElement egress(ParseResult r) {
        return onlyPolicy(r).rules().get(0).elements().stream().filter(e -> e.ref().section() == Section.EGRESS)
                .findFirst().orElseThrow();
    }

    private static IpPrefix prefix(String s) {
        return IpPrefix.parse(s).orElseThrow();
    }
}
