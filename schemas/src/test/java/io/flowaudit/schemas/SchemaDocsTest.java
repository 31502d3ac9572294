package io.flowaudit.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaParser;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.flowaudit.schemas.avro.Alert;
import io.flowaudit.schemas.avro.DeadLetter;
import io.flowaudit.schemas.avro.Flow;
import io.flowaudit.schemas.avro.PolicyDocument;
import io.flowaudit.schemas.avro.Verdict;
import io.flowaudit.schemas.avro.WhatIfDiff;

/** Checks the .avsc sources themselves: documentation, one type per file, the trusted package. */
class SchemaDocsTest {

    private static final String NAMESPACE = "io.flowaudit.schemas.avro";

    // The build's import order: a field default naming an enum needs that enum parsed already.
    private static final List<Path> SCHEMA_DIRS = List.of(
            Path.of("src/main/avro/common/enums"),
            Path.of("src/main/avro/common"),
            Path.of("src/main/avro"));

    private static final Map<Path, List<Schema>> TYPES_BY_FILE = new LinkedHashMap<>();
    private static List<Schema> allTypes;

    @BeforeAll
    static void parseSchemaFiles() throws IOException {
        SchemaParser parser = new SchemaParser();
        Map<Path, SchemaParser.ParseResult> results = new LinkedHashMap<>();
        for (Path dir : SCHEMA_DIRS) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList()) {
                    results.put(file, parser.parse(file));
                }
            }
        }
        // A parse result resolves its names when read, so read them only once every file is in.
        results.forEach((file, result) -> TYPES_BY_FILE.put(file, result.parsedNamedSchemas()));
        allTypes = parser.getParsedNamedSchemas();
    }

    @Test
    void everyFieldHasADoc() {
        List<String> undocumented = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        for (Schema type : allTypes) {
            collectUndocumented(type, type.getName(), visited, undocumented);
        }
        for (Schema topic : List.of(Flow.getClassSchema(), PolicyDocument.getClassSchema(),
                Verdict.getClassSchema(), Alert.getClassSchema(), WhatIfDiff.getClassSchema(),
                DeadLetter.getClassSchema())) {
            collectUndocumented(topic, topic.getName(), new HashSet<>(), undocumented);
        }

        assertThat(allTypes).extracting(Schema::getName)
                .contains("Flow", "PolicyDocument", "Verdict", "Alert", "WhatIfDiff", "DeadLetter");
        assertThat(undocumented).as("types and fields without a doc").isEmpty();
    }

    @Test
    void eachSchemaFileDeclaresOneTypeNamedAfterIt() {
        assertThat(TYPES_BY_FILE).isNotEmpty();
        TYPES_BY_FILE.forEach((file, types) -> {
            assertThat(types).as(file.toString()).hasSize(1);
            assertThat(types.get(0).getName() + ".avsc").as(file.toString())
                    .isEqualTo(file.getFileName().toString());
        });
    }

    @Test
    void everyTypeIsGeneratedIntoTheTrustedPackage() throws ClassNotFoundException {
        for (Schema type : allTypes) {
            assertThat(type.getNamespace()).as(type.getName()).isEqualTo(NAMESPACE);
            Class<?> generated = Class.forName(type.getFullName());
            // Parsing form: the generated copy adds avro.java.string properties the file lacks.
            assertThat(SchemaNormalization.toParsingForm(SpecificData.get().getSchema(generated)))
                    .as("generated %s is stale", type.getName())
                    .isEqualTo(SchemaNormalization.toParsingForm(type));
        }
    }

    private static void collectUndocumented(Schema schema, String path, Set<String> visited, List<String> out) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!visited.add(schema.getFullName())) {
                    return;
                }
                requireDoc(schema.getDoc(), path + " (record " + schema.getName() + ")", out);
                for (Schema.Field field : schema.getFields()) {
                    String fieldPath = path + "." + field.name();
                    requireDoc(field.doc(), fieldPath, out);
                    collectUndocumented(field.schema(), fieldPath, visited, out);
                }
            }
            case ENUM, FIXED -> {
                if (visited.add(schema.getFullName())) {
                    requireDoc(schema.getDoc(), path + " (" + schema.getName() + ")", out);
                }
            }
            case UNION -> schema.getTypes().forEach(branch -> collectUndocumented(branch, path, visited, out));
            case ARRAY -> collectUndocumented(schema.getElementType(), path + "[]", visited, out);
            case MAP -> collectUndocumented(schema.getValueType(), path + "{}", visited, out);
            default -> {
                // primitives carry no doc of their own; their field's doc describes them
            }
        }
    }

    private static void requireDoc(String doc, String where, List<String> out) {
        if (doc == null || doc.isBlank()) {
            out.add(where);
        }
    }
}
