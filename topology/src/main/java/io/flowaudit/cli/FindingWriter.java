package io.flowaudit.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.flowaudit.policy.advise.Finding;
import io.flowaudit.policy.model.PolicyRef;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Instant;

/** Findings as JSON lines ({@code "type":"alert"}) or as text for people; format documented in the README. */
final class FindingWriter {
    private FindingWriter() {
    }

    static String json(Finding f) {
        StringWriter sw = new StringWriter();
        try (JsonGenerator g = JsonFactory.builder().build().createGenerator(sw)) {
            g.writeStartObject();
            g.writeStringField("type", "alert");
            g.writeStringField("alert", f.type().name());
            g.writeStringField("severity", f.severity().name());
            g.writeStringField("namespace", f.namespace());
            g.writeStringField("subject", f.subject());
            g.writeArrayFieldStart("policies");
            for (PolicyRef p : f.policies()) {
                g.writeString(p.key());
            }
            g.writeEndArray();
            if (!f.location().isEmpty()) {
                g.writeStringField("location", f.location());
            }
            g.writeStringField("message", f.message());
            if (!f.fix().isEmpty()) {
                g.writeStringField("fix", f.fix());
            }
            if (f.count() > 0) {
                g.writeNumberField("count", f.count());
                g.writeStringField("first_seen", Instant.ofEpochSecond(0, f.firstSeenNanos()).toString());
                g.writeStringField("last_seen", Instant.ofEpochSecond(0, f.lastSeenNanos()).toString());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string failed", e);
        }
        return sw.toString();
    }

    /** An alert record read back from the alerts topic, in the same shape as {@link #json(Finding)}. */
    static String json(io.flowaudit.schemas.avro.Alert a) {
        StringWriter sw = new StringWriter();
        try (JsonGenerator g = JsonFactory.builder().build().createGenerator(sw)) {
            g.writeStartObject();
            g.writeStringField("type", "alert");
            g.writeStringField("alert", a.getAlertType().name());
            g.writeStringField("severity", a.getSeverity().name());
            g.writeStringField("namespace", a.getSubject().getNamespace() == null ? "" : a.getSubject().getNamespace());
            g.writeStringField("subject", a.getSubject().getSelector());
            g.writeArrayFieldStart("policies");
            for (io.flowaudit.schemas.avro.PolicyRef p : a.getPolicies()) {
                g.writeString(p.getKind() + (p.getNamespace() == null ? "" : "/" + p.getNamespace()) + "/" + p.getName());
            }
            g.writeEndArray();
            g.writeStringField("message", a.getMessage());
            if (a.getSuggestedFix() != null) {
                g.writeStringField("fix", a.getSuggestedFix());
            }
            g.writeNumberField("count", a.getCount());
            g.writeStringField("first_seen", a.getFirstSeen().toString());
            g.writeStringField("last_seen", a.getLastSeen().toString());
            g.writeStringField("dedup_key", a.getDedupKey());
            if (a.getObservedVerdict() != null) {
                g.writeStringField("observed", a.getObservedVerdict().name());
            }
            if (a.getComputedVerdict() != null) {
                g.writeStringField("computed", a.getComputedVerdict().name());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string failed", e);
        }
        return sw.toString();
    }

    static void text(Finding f, Writer out) throws IOException {
        out.write(f.severity().name().toLowerCase(java.util.Locale.ROOT) + ": " + f.type() + ": " + f.message() + "\n");
        out.write("  subject: " + (f.namespace().isEmpty() ? "(cluster-wide) " : "namespace " + f.namespace() + ", ")
                + "selector " + f.subject() + "\n");
        if (!f.policies().isEmpty()) {
            out.write("  policies: " + String.join(", ", f.policies().stream().map(PolicyRef::key).toList()) + "\n");
        }
        if (!f.location().isEmpty()) {
            out.write("  at: " + f.location() + "\n");
        }
        if (f.count() > 0) {
            out.write("  seen: " + f.count() + " flows, first " + Instant.ofEpochSecond(0, f.firstSeenNanos())
                    + ", last " + Instant.ofEpochSecond(0, f.lastSeenNanos()) + "\n");
        }
        if (!f.fix().isEmpty()) {
            out.write("  fix (apply with kubectl apply -f -):\n");
            for (String line : f.fix().split("\n")) {
                out.write("    " + line + "\n");
            }
        }
        out.write("\n");
    }
}
