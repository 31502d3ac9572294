package io.flowaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.flowaudit.schemas.Topics;
import io.flowaudit.schemas.avro.PolicyDocument;
import io.flowaudit.schemas.avro.PolicyKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Splits policy files into one {@code PolicyDocument} per policy object (multi-document YAML, JSON, List kinds),
 * keyed as the compacted policies topic expects. Other Kubernetes objects are skipped.
 */
final class PolicyDocumentFiles {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    private static final Map<String, PolicyKind> KINDS = Map.of("CiliumNetworkPolicy", PolicyKind.CiliumNetworkPolicy,
            "CiliumClusterwideNetworkPolicy", PolicyKind.CiliumClusterwideNetworkPolicy,
            "NetworkPolicy", PolicyKind.NetworkPolicy);

    private PolicyDocumentFiles() {
    }

    record Keyed(String key, PolicyDocument document) {
    }

    /** Documents of every policy object under the paths; unreadable files are listed in {@code problems}. */
    static List<Keyed> read(List<Path> paths, List<String> problems) {
        List<Keyed> out = new ArrayList<>();
        for (Path p : paths) {
            List<Path> files = new ArrayList<>();
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(f -> f.toString().matches(".*\\.(ya?ml|json)$")).sorted()
                            .forEach(files::add);
                } catch (IOException e) {
                    problems.add(p + ": " + e.getMessage());
                }
            } else {
                files.add(p);
            }
            for (Path f : files) {
                try {
                    List<String> docs = documents(Files.readString(f));
                    for (int i = 0; i < docs.size(); i++) {
                        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(docs.get(i))) {
                            while (it.hasNext()) {
                                collect(it.next(), docs.get(i), docs.size() == 1 ? f.toString() : f + "#" + i, out);
                            }
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    problems.add(f + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("unreadable"));
                }
            }
        }
        return out;
    }

    /**
     * The text of each YAML document, split at {@code ---} lines, so a published document keeps the text as
     * written (and parse errors point at the lines its author sees).
     */
    static List<String> documents(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("---") && (line.length() == 3 || Character.isWhitespace(line.charAt(3)))) {
                if (!cur.toString().isBlank()) {
                    out.add(cur.toString());
                }
                cur.setLength(0);
                continue;
            }
            cur.append(line).append('\n');
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString());
        }
        return out;
    }

    private static void collect(JsonNode node, String text, String source, List<Keyed> out) throws IOException {
        if (node == null || !node.isObject()) {
            return;
        }
        String kind = node.path("kind").asText("");
        if (kind.endsWith("List") && node.path("items").isArray()) {
            int i = 0;
            for (JsonNode item : node.path("items")) {
                // items have no text of their own: they are written back as YAML
                collect(item, YAML.writeValueAsString(item), source + "/items[" + i++ + "]", out);
            }
            return;
        }
        PolicyKind pk = KINDS.get(kind);
        if (pk == null) {
            return;
        }
        String name = node.path("metadata").path("name").asText("");
        String ns = node.path("metadata").path("namespace").asText("");
        if (pk != PolicyKind.CiliumClusterwideNetworkPolicy && ns.isEmpty()) {
            ns = "default";
        }
        String key = Topics.policyKey(pk, pk == PolicyKind.CiliumClusterwideNetworkPolicy ? null : ns, name);
        out.add(new Keyed(key, PolicyDocument.newBuilder().setKind(pk)
                .setNamespace(pk == PolicyKind.CiliumClusterwideNetworkPolicy ? null : ns).setName(name)
                .setUid(node.path("metadata").path("uid").isMissingNode() ? null : node.path("metadata").path("uid").asText())
                .setResourceVersion(null).setContent(text).setSource(source)
                .setObservedAt(Instant.now()).build()));
    }
}
