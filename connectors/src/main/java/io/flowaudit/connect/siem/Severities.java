package io.flowaudit.connect.siem;

/**
 * Derives the severities of the other formats from the CEF severity (0-10) that the configuration assigns to
 * each alert severity and to denials, so one number per event drives every output.
 */
final class Severities {

    private Severities() {
    }

    /**
     * The RFC 5424 severity (the low 3 bits of PRI) for a CEF severity: 0-3 Informational (6), 4-6 Warning (4),
     * 7-8 Error (3), 9-10 Critical (2), following CEF's own bands (Low, Medium, High, Very-High).
     */
    static int syslogSeverity(int cefSeverity) {
        if (cefSeverity <= 3) {
            return 6;
        }
        if (cefSeverity <= 6) {
            return 4;
        }
        if (cefSeverity <= 8) {
            return 3;
        }
        return 2;
    }

    /**
     * The OCSF {@code severity_id} for a CEF severity: 0-3 Informational (1), 4 Low (2), 5-6 Medium (3), 7-8 High
     * (4), 9-10 Critical (5).
     */
    static int ocsfSeverityId(int cefSeverity) {
        if (cefSeverity <= 3) {
            return 1;
        }
        if (cefSeverity == 4) {
            return 2;
        }
        if (cefSeverity <= 6) {
            return 3;
        }
        if (cefSeverity <= 8) {
            return 4;
        }
        return 5;
    }

    /** The OCSF {@code severity} caption of a {@code severity_id}. */
    static String ocsfSeverityName(int severityId) {
        switch (severityId) {
            case 1:
                return "Informational";
            case 2:
                return "Low";
            case 3:
                return "Medium";
            case 4:
                return "High";
            case 5:
                return "Critical";
            default:
                return "Unknown";
        }
    }
}
