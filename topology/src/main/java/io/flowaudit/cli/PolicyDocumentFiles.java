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
                try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(f.toFile())) {
                    while (it.hasNext()) {
                        collect(it.next(), f, out);
                    }
                } catch (IOException | RuntimeException e) {
                    problems.add(f + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
                }
            }
        }
        return out;
    }

    private static void collect(JsonNode node, Path file, List<Keyed> out) throws IOException {
        if (node == null || !node.isObject()) {
            return;
        }
        String kind = node.path("kind").asText("");
        if (kind.endsWith("List") && node.path("items").isArray()) {
            for (JsonNode item : node.path("items")) {
                collect(item, file, out);
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
                .setResourceVersion(null).setContent(YAML.writeValueAsString(node)).setSource(file.toString())
                .setObservedAt(Instant.now()).build()));
    }
}
