package io.flowaudit.connect.siem;

/**
 * ArcSight Common Event Format text: {@code CEF:0|Vendor|Product|Version|SignatureID|Name|Severity|Extension}.
 *
 * <p>Escaping follows the CEF specification: in header fields a backslash becomes {@code \\} and a pipe
 * {@code \|}; header fields cannot hold line breaks, so CR and LF become a space. In extension values a
 * backslash becomes {@code \\}, an equals sign {@code \=}, LF {@code \n} and CR {@code \r}; pipes are left
 * alone there. Extension keys are this class's callers' constants, which need no escaping.
 */
final class Cef {

    private final StringBuilder text = new StringBuilder(256);
    private boolean hasExtension;

    private Cef() {
    }

    /** Starts a CEF line with its seven header fields. */
    static Cef header(String vendor, String product, String version, String signatureId, String name,
            int severity) {
        Cef cef = new Cef();
        cef.text.append("CEF:0|").append(escapeHeader(vendor)).append('|').append(escapeHeader(product)).append('|')
                .append(escapeHeader(version)).append('|').append(escapeHeader(signatureId)).append('|')
                .append(escapeHeader(name)).append('|').append(severity).append('|');
        return cef;
    }

    /** Appends {@code key=value}, escaped; skips a null or empty value. */
    Cef ext(String key, String value) {
        if (value == null || value.isEmpty()) {
            return this;
        }
        if (hasExtension) {
            text.append(' ');
        }
        hasExtension = true;
        text.append(key).append('=').append(escapeExtension(value));
        return this;
    }

    /** Appends {@code labelKey=label key=value} (e.g. {@code cs1Label=policy cs1=...}); skips an empty value. */
    Cef labelled(String key, String label, String value) {
        if (value == null || value.isEmpty()) {
            return this;
        }
        return ext(key + "Label", label).ext(key, value);
    }

    Cef ext(String key, long value) {
        return ext(key, Long.toString(value));
    }

    @Override
    public String toString() {
        return text.toString();
    }

    /** Escapes a header field: {@code \ → \\}, {@code | → \|}, CR and LF → space. */
    static String escapeHeader(String value) {
        if (!needsEscape(value, true)) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\':
                    out.append("\\\\");
                    break;
                case '|':
                    out.append("\\|");
                    break;
                case '\r':
                case '\n':
                    out.append(' ');
                    break;
                default:
                    out.append(c);
            }
        }
        return out.toString();
    }

    /** Escapes an extension value: {@code \ → \\}, {@code = → \=}, LF → {@code \n}, CR → {@code \r}. */
    static String escapeExtension(String value) {
        if (!needsEscape(value, false)) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\':
                    out.append("\\\\");
                    break;
                case '=':
                    out.append("\\=");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                default:
                    out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean needsEscape(String value, boolean header) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '\r' || c == '\n' || (header ? c == '|' : c == '=')) {
                return true;
            }
        }
        return false;
    }
}
