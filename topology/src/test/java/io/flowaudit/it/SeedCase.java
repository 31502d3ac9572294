package io.flowaudit.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.flowaudit.flow.hubble.HubbleJsonReader;
import io.flowaudit.flow.hubble.ReadEvent;
import io.flowaudit.schemas.Topics;
import io.flowaudit.schemas.avro.Flow;
import io.flowaudit.schemas.avro.Outcome;
import io.flowaudit.schemas.avro.PolicyDocument;
import io.flowaudit.schemas.avro.PolicyKind;
import io.flowaudit.streams.AvroFlows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A conformance seed case of {@code ../shared/conformance/seed}: its policy objects as keyed {@link PolicyDocument}s
 * (as {@code flowaudit run --policies} publishes them), its flows as Avro {@link Flow}s, and the expected verdicts.
 */
record SeedCase(String name, Path dir) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    private static final ObjectMapper JSON = new ObjectMapper();

    static SeedCase of(String name) {
        Path shared = Path.of(System.getProperty("flowaudit.shared.dir", "../../shared"));
        Path dir = shared.resolve("conformance/seed").resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("seed case " + name + " not found at " + dir.toAbsolutePath()
                    + " (system property flowaudit.shared.dir)");
        }
        return new SeedCase(name, dir);
    }

    /** Every policy object of the case by its topic key ({@link Topics#policyKey}), in file order. */
    Map<String, PolicyDocument> policies() {
        Map<String, PolicyDocument> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir.resolve("policies"))) {
            for (Path f : files.sorted().toList()) {
                try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(f.toFile())) {
                    while (it.hasNext()) {
                        JsonNode n = it.next();
                        PolicyKind kind = PolicyKind.valueOf(n.path("kind").asText());
                        String ns = kind == PolicyKind.CiliumClusterwideNetworkPolicy ? null
                                : n.path("metadata").path("namespace").asText("default");
                        String policyName = n.path("metadata").path("name").asText();
                        out.put(Topics.policyKey(kind, ns, policyName), PolicyDocument.newBuilder().setKind(kind)
                                .setNamespace(ns).setName(policyName).setUid(null).setResourceVersion(null)
                                .setContent(YAML.writeValueAsString(n)).setSource(f.toString())
                                .setObservedAt(Instant.now()).build());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the policies of seed case " + name, e);
        }
        return out;
    }

    /** The case's flows, in file order, as the Avro records on the flows topic. */
    List<Flow> flows() {
        List<Flow> out = new ArrayList<>();
        try {
            new HubbleJsonReader().read(dir.resolve("flows.jsonl"), ev -> {
                if (ev instanceof ReadEvent.ParsedFlow pf) {
                    out.add(AvroFlows.toAvro(pf.flow()));
                } else if (ev instanceof ReadEvent.BadLine bl) {
                    throw new IllegalStateException(name + "/flows.jsonl line " + bl.lineNumber() + ": " + bl.reason());
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the flows of seed case " + name, e);
        }
        return out;
    }

    /** The expected verdict of each flow, by index. */
    List<Outcome> expected() {
        List<Outcome> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(dir.resolve("expected.jsonl"))) {
                if (!line.isBlank()) {
                    JsonNode n = JSON.readTree(line);
                    if (n.path("index").asInt() != out.size()) {
                        throw new IllegalStateException(name + "/expected.jsonl is not in index order at " + line);
                    }
                    out.add(Outcome.valueOf(n.path("verdict").asText()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the expectations of seed case " + name, e);
        }
        return out;
    }

    /** The expected verdict of each flow, by flow uuid. */
    Map<String, Outcome> expectedByUuid() {
        List<Flow> flows = flows();
        List<Outcome> expected = expected();
        if (flows.size() != expected.size()) {
            throw new IllegalStateException(name + ": " + flows.size() + " flows but " + expected.size()
                    + " expectations");
        }
        Map<String, Outcome> out = new LinkedHashMap<>();
        for (int i = 0; i < flows.size(); i++) {
            if (out.put(flows.get(i).getUuid(), expected.get(i)) != null) {
                throw new IllegalStateException(name + ": flow uuid " + flows.get(i).getUuid() + " repeats");
            }
        }
        return out;
    }
}
