package io.flowaudit.connect.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.flowaudit.schemas.avro.PolicyKind;

class PolicyFilesTest {
    private static final Set<PolicyKind> ALL = EnumSet.of(PolicyKind.CiliumNetworkPolicy,
            PolicyKind.CiliumClusterwideNetworkPolicy, PolicyKind.NetworkPolicy);

    @Test
    void shouldKeepEachDocumentsTextAndNameItsIndex() throws IOException {
        String text = "# policies of the shop\n"
                + "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: web\n  namespace: shop\n"
                + "spec:\n  endpointSelector: {}\n"
                + "---\n"
                + "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"
                + "--- \n"
                + "apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata:\n  name: base\n"
                + "spec: {}\n";

        List<PolicyObject> objects = PolicyFiles.parse(text, "shop/policies.yaml", ALL);

        assertThat(objects).extracting(PolicyObject::key)
                .containsExactly("CiliumNetworkPolicy/shop/web", "CiliumClusterwideNetworkPolicy/base");
        assertThat(objects.get(0).source()).isEqualTo("shop/policies.yaml#0");
        assertThat(objects.get(0).content()).startsWith("# policies of the shop\napiVersion: cilium.io/v2\n")
                .endsWith("endpointSelector: {}\n");
        assertThat(objects.get(1).source()).isEqualTo("shop/policies.yaml#2");
        assertThat(objects.get(1).namespace()).isNull();
    }

    @Test
    void shouldExpandListsAndPutNamespacedObjectsWithoutNamespaceInDefault() throws IOException {
        String json = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"apiVersion\":\"networking.k8s.io/v1\","
                + "\"kind\":\"NetworkPolicy\",\"metadata\":{\"name\":\"deny-all\"},\"spec\":{}}]}";

        List<PolicyObject> objects = PolicyFiles.parse(json, "np.json", ALL);

        assertThat(objects).extracting(PolicyObject::key).containsExactly("NetworkPolicy/default/deny-all");
        assertThat(objects.get(0).source()).isEqualTo("np.json/items/0");
        assertThat(objects.get(0).content()).contains("kind: \"NetworkPolicy\"");
    }

    @Test
    void shouldSkipKindsNotAskedFor() throws IOException {
        String text = "kind: NetworkPolicy\nmetadata:\n  name: a\n  namespace: n\n";
        assertThat(PolicyFiles.parse(text, "a.yaml", EnumSet.of(PolicyKind.CiliumNetworkPolicy))).isEmpty();
    }

    @Test
    void shouldNameTheDocumentThatIsNotYaml() {
        assertThatThrownBy(() -> PolicyFiles.parse("kind: A\n---\nkind: [\n", "bad.yaml", ALL))
                .isInstanceOf(IOException.class).hasMessageStartingWith("document 1:");
    }

    @Test
    void shouldHashContentAndSourceButNothingElse() {
        PolicyObject a = new PolicyObject(PolicyKind.CiliumNetworkPolicy, "ns", "a", "spec: 1\n", "a.yaml", null,
                null);
        assertThat(a.contentHash()).isEqualTo(new PolicyObject(PolicyKind.CiliumNetworkPolicy, "ns", "a", "spec: 1\n",
                "a.yaml", "uid", null).contentHash());
        assertThat(a.contentHash()).isNotEqualTo(new PolicyObject(PolicyKind.CiliumNetworkPolicy, "ns", "a",
                "spec: 2\n", "a.yaml", null, null).contentHash());
    }
}
