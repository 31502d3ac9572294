package io.flowaudit.connect.policy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import io.flowaudit.schemas.avro.PolicyKind;

/**
 * Splits the text of a policy file into policy objects: multi-document YAML ({@code ---}), JSON, and
 * {@code List} objects ({@code kind: CiliumNetworkPolicyList}, {@code kind: List}) whose items are expanded. Each
 * object keeps its document's text exactly as written, so that the topology's parse errors point at the lines of
 * the file; items of a List are written out as YAML (their text cannot be cut out of the list). Other kinds
 * (Deployments, ConfigMaps) are skipped. A namespaced object without a namespace is placed in {@code default},
 * as {@code kubectl apply} would without a context namespace.
 */
final class PolicyFiles {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private PolicyFiles() {
    }

    /**
     * @param text the file's text
     * @param relativePath the file's path relative to the policy directory, for {@code source}
     * @param kinds the kinds to keep
     * @throws IOException naming the document that is not valid YAML
     */
    static List<PolicyObject> parse(String text, String relativePath, Set<PolicyKind> kinds) throws IOException {
        List<String> documents = documents(text);
        List<JsonNode> nodes = new ArrayList<>(documents.size());
        List<String> texts = new ArrayList<>(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            JsonNode node;
            try {
                node = YAML.readTree(documents.get(i));
            } catch (IOException e) {
                throw new IOException("document " + i + ": " + e.getMessage().lines().findFirst().orElse(""), e);
            }
            if (node != null && !node.isMissingNode() && !node.isNull()) {
                nodes.add(node);
                texts.add(documents.get(i));
            }
        }
        List<PolicyObject> objects = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String source = nodes.size() == 1 ? relativePath : relativePath + "#" + i;
            collect(nodes.get(i), texts.get(i), source, kinds, objects);
        }
        return objects;
    }

    private static void collect(JsonNode node, String text, String source, Set<PolicyKind> kinds,
                                List<PolicyObject> out) throws IOException {
        if (!node.isObject()) {
            return;
        }
        String kindName = node.path("kind").asText("");
        if (kindName.endsWith("List") && node.path("items").isArray()) {
            int index = 0;
            for (JsonNode item : node.path("items")) {
                collect(item, YAML.writeValueAsString(item), source + "/items/" + index++, kinds, out);
            }
            return;
        }
        PolicyKind kind = PolicyObject.kindOf(kindName);
        String name = node.path("metadata").path("name").asText("");
        if (kind == null || !kinds.contains(kind) || name.isEmpty()) {
            return;
        }
        String namespace = null;
        if (kind != PolicyKind.CiliumClusterwideNetworkPolicy) {
            namespace = node.path("metadata").path("namespace").asText("");
            namespace = namespace.isEmpty() ? "default" : namespace;
        }
        JsonNode uid = node.path("metadata").path("uid");
        out.add(new PolicyObject(kind, namespace, name, text, source, uid.isTextual() ? uid.asText() : null, null));
    }

    /**
     * The documents of a YAML stream: the text between lines that are document markers ({@code ---} or
     * {@code ...} at column 0, optionally followed by a space and more), markers excluded.
     */
    static List<String> documents(String text) {
        List<String> documents = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (isMarker(line, "---") || isMarker(line, "...")) {
                documents.add(current.toString());
                current.setLength(0);
                // `--- {inline}` starts a document on the marker line
                String rest = line.substring(3).strip();
                if (line.startsWith("---") && !rest.isEmpty() && !rest.startsWith("#")) {
                    current.append(rest).append('\n');
                }
            } else {
                current.append(line).append('\n');
            }
        }
        documents.add(current.toString());
        documents.removeIf(PolicyFiles::isBlank);
        return documents;
    }

    private static boolean isMarker(String line, String marker) {
        String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        return l.startsWith(marker) && (l.length() == 3 || l.charAt(3) == ' ' || l.charAt(3) == '\t');
    }

    /** Only whitespace and comments. */
    private static boolean isBlank(String document) {
        for (String line : document.split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                return false;
            }
        }
        return true;
    }
}
