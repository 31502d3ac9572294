package io.flowaudit.policy.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowaudit.policy.compile.DnsPatterns;
import io.flowaudit.policy.model.DnsRule;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The matchPattern matcher (R58) agrees with a label-by-label reference on random names and patterns. */
class DnsPatternPropertyTest {

    @Property(tries = 3000)
    void patternMatcherAgreesWithLabelReference(@ForAll("patterns") String pattern, @ForAll("names") String name) {
        boolean expected = reference(pattern, name);
        assertThat(DnsMatcher.matches(new DnsRule("", pattern), name)).as("%s vs %s", pattern, name).isEqualTo(expected);
    }

    @ParameterizedTest(name = "R58 table: {0} vs {1} -> {2}")
    @CsvSource({
        "*.example.com, a.example.com, true", "*.example.com, example.com, false",
        "*.example.com, a.b.example.com, false", "**.example.com, a.example.com, true",
        "**.example.com, a.b.example.com, true", "**.example.com, example.com, false",
        "*example.com, example.com, true", "*example.com, myexample.com, true", "*example.com, a.example.com, false",
        "api-*.example.com, api-.example.com, true", "api-*.example.com, api-eu.example.com, true",
        "api-*.example.com, api.example.com, false", "*, anything.at.all, true", "*., x.y., true",
        "Example.COM, example.com., true"})
    @DisplayName("R58: the semantics doc's pattern table")
    void semanticsTable(String pattern, String name, boolean expected) {
        assertThat(DnsMatcher.matches(new DnsRule("", pattern), name)).isEqualTo(expected);
    }

    /** Straightforward reference: split into labels, glob each label, "**." consumes one or more labels. */
    static boolean reference(String pattern, String name) {
        String p = DnsPatterns.normalize(pattern);
        String n = DnsPatterns.normalize(name);
        if (p.replace("*", "").equals(".")) {
            return true;
        }
        List<String> pl = Arrays.asList(p.substring(0, p.length() - 1).split("\\.", -1));
        List<String> nl = Arrays.asList(n.substring(0, n.length() - 1).split("\\.", -1));
        if (pl.get(0).equals("**")) {
            List<String> rest = pl.subList(1, pl.size());
            for (int skip = 1; skip < nl.size(); skip++) {
                if (nl.subList(0, skip).stream().allMatch(l -> !l.isEmpty()) && labelsMatch(rest, nl.subList(skip, nl.size()))) {
                    return true;
                }
            }
            return false;
        }
        return labelsMatch(pl, nl);
    }

    private static boolean labelsMatch(List<String> pattern, List<String> name) {
        if (pattern.size() != name.size()) {
            return false;
        }
        for (int i = 0; i < pattern.size(); i++) {
            if (!glob(pattern.get(i).replaceAll("\\*+", "*"), 0, name.get(i), 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean glob(String p, int i, String s, int j) {
        if (i == p.length()) {
            return j == s.length();
        }
        if (p.charAt(i) == '*') {
            for (int k = j; k <= s.length(); k++) {
                if (glob(p, i + 1, s, k)) {
                    return true;
                }
            }
            return false;
        }
        return j < s.length() && p.charAt(i) == s.charAt(j) && glob(p, i + 1, s, j + 1);
    }

    @Provide
    Arbitrary<String> patterns() {
        Arbitrary<String> label = Arbitraries.of("*", "**", "a", "b", "a*", "*b", "a-*", "x_y", "ab", "*a*");
        return Arbitraries.oneOf(
                label.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l)),
                label.list().ofMinSize(1).ofMaxSize(3).map(l -> "**." + String.join(".", l)));
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> label = Arbitraries.of("a", "b", "ab", "ba", "a-b", "x_y", "aab", "A", "B", "c");
        return label.list().ofMinSize(1).ofMaxSize(5).map(l -> String.join(".", l).toLowerCase(Locale.ROOT)
                + (l.size() % 2 == 0 ? "." : ""));
    }
}
