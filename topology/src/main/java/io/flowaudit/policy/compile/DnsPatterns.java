package io.flowaudit.policy.compile;

import java.util.Locale;
import java.util.regex.Pattern;

/** DNS name normalisation and Cilium's matchName/matchPattern semantics (R53, R58). */
public final class DnsPatterns {
    private static final String LABEL_CHARS = "[-a-zA-Z0-9_]";

    private DnsPatterns() {
    }

    /** Lower case with a trailing dot, as Cilium compares names. */
    public static String normalize(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n : n + ".";
    }

    /** Compiles a matchPattern to an anchored regex; a pattern of only {@code *} matches every name. */
    public static Pattern compile(String pattern) {
        String p = normalize(pattern);
        if (p.replace("*", "").equals(".")) {
            return Pattern.compile(".*");
        }
        StringBuilder re = new StringBuilder();
        String rest = p;
        if (rest.startsWith("**.")) {
            // A leading "**." matches one or more whole labels.
            re.append("(?:").append(LABEL_CHARS).append("+\\.)+");
            rest = rest.substring(3);
        }
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '*') {
                re.append(LABEL_CHARS).append('*');
                while (i + 1 < rest.length() && rest.charAt(i + 1) == '*') {
                    i++;
                }
            } else if (c == '.') {
                re.append("\\.");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    public static boolean matchesName(String matchName, String query) {
        return normalize(matchName).equals(normalize(query));
    }
}
