package io.flowaudit.flow.hubble;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Damaged flow lines: whatever the damage, each line yields exactly one event and nothing throws. */
class MalformedInputPropertyTest {
    private static final List<String> SEED_LINES = seedLines();
    private static final String JSON_CHARS = "{}[]\":,\\ 0123456789-.eE+truefalsnul\u00e9\u2028";

    private static List<String> seedLines() {
        try {
            return Files.readAllLines(SharedTestData.seedScenarios(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Provide
    Arbitrary<String> damagedLines() {
        Arbitrary<String> line = Arbitraries.of(SEED_LINES);
        Arbitrary<Double> where = Arbitraries.doubles().between(0, 1);
        Arbitrary<String> junk = Arbitraries.strings().withChars(JSON_CHARS.toCharArray()).ofMaxLength(4);
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 3);
        return Combinators.combine(line, where, junk, kind).as((text, at, insert, how) -> {
            int cut = (int) (at * text.length());
            switch (how) {
                case 0:
                    return text.substring(0, cut);
                case 1:
                    return text.substring(0, cut) + insert + text.substring(Math.min(text.length(), cut + 1));
                case 2:
                    return text.substring(0, cut) + insert + text.substring(cut);
                default:
                    return text.substring(cut);
            }
        });
    }

    @Property(tries = 3000)
    void neverThrowsOnADamagedLine(@ForAll("damagedLines") String line) {
        HubbleJsonReader reader = new HubbleJsonReader();

        ReadEvent fromText = reader.parseLine(line, 5);
        ReadEvent fromBytes = reader.parseLine(line.getBytes(StandardCharsets.UTF_8), 5);

        assertThat(fromText.lineIndex()).isEqualTo(5);
        assertThat(fromBytes.getClass()).isEqualTo(fromText.getClass());
        if (fromText instanceof ReadEvent.BadLine bad) {
            assertThat(bad.reason()).isNotBlank();
        } else {
            // text and UTF-8 parsers word their syntax errors differently, but must agree on everything else
            assertThat(fromBytes).isEqualTo(fromText);
        }
    }

    @Provide
    Arbitrary<List<String>> damagedFiles() {
        return damagedLines().list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 200)
    void yieldsOneEventPerLineWhateverTheDamage(@ForAll("damagedFiles") List<String> lines) throws IOException {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line.replace('\n', ' ').replace('\r', ' ')).append('\n'));
        List<ReadEvent> events = new ArrayList<>();

        ReadStats stats = new HubbleJsonReader().read(
                new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), events::add);

        assertThat(events).hasSize(lines.size());
        assertThat(stats.lines()).isEqualTo(lines.size());
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).lineIndex()).isEqualTo(i);
        }
    }
}
