package io.flowaudit.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.flowaudit.policy.advise.Finding;
import io.flowaudit.policy.eval.Decision;
import io.flowaudit.policy.model.RuleRef;
import io.flowaudit.whatif.ChangeGroup;
import io.flowaudit.whatif.ChangeKind;
import io.flowaudit.whatif.WhatIfSummary;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;

/** Renders a what-if summary as text, JSON or Markdown (to paste into a pull request). */
final class WhatIfReport {
    private WhatIfReport() {
    }

    static String decidedBy(Decision d) {
        if (d.decidedBy().isEmpty()) {
            return d.reason().name();
        }
        if (d.reason() == io.flowaudit.policy.compile.ReasonCode.DEFAULT_DENY) {
            // every policy that put the endpoint in default deny, not an arbitrary first one
            return d.reason() + " (default deny from " + String.join(", ", d.decidedBy().stream()
                    .map(r -> r.policy().key()).distinct().toList()) + ")";
        }
        RuleRef r = d.decidedBy().get(0);
        return d.reason() + " by " + r.policy().key() + " " + r.path();
    }

    private static String time(long nanos) {
        return nanos == 0 ? "-" : Instant.ofEpochSecond(0, nanos).toString();
    }

    static void text(WhatIfSummary s, Writer out) throws IOException {
        out.write("what-if: " + s.flows() + " flows judged under both policy sets: " + s.count(ChangeKind.NEWLY_DENIED)
                + " newly denied, " + s.count(ChangeKind.NEWLY_ALLOWED) + " newly allowed"
                + (s.count(ChangeKind.REASON_CHANGED) > 0 ? ", " + s.count(ChangeKind.REASON_CHANGED) + " decided differently" : "")
                + "\n\n");
        for (ChangeGroup g : s.groups()) {
            out.write(String.format(java.util.Locale.ROOT, "%-14s %6d  %s -> %s %s/%d  (first %s, last %s)%n", g.kind(),
                    g.count(), g.source(), g.destination(), g.protocol(), g.port(), time(g.firstSeenNanos()),
                    time(g.lastSeenNanos())));
            out.write("    baseline:  " + g.baseline().verdict() + " " + decidedBy(g.baseline()) + "\n");
            out.write("    candidate: " + g.candidate().verdict() + " " + decidedBy(g.candidate()) + "\n");
        }
        if (!s.newFindings().isEmpty()) {
            out.write("\nnew alerts the candidate would cause:\n\n");
            for (Finding f : s.newFindings()) {
                FindingWriter.text(f, out);
            }
        }
    }

    static void markdown(WhatIfSummary s, Writer out) throws IOException {
        out.write("### flowaudit what-if\n\n");
        out.write("| change | flows |\n|---|---:|\n");
        for (ChangeKind k : ChangeKind.values()) {
            out.write("| " + k + " | " + s.count(k) + " |\n");
        }
        out.write("\n" + s.flows() + " captured flows judged under the baseline and the candidate.\n\n");
        if (!s.groups().isEmpty()) {
            out.write("| change | flows | source | destination | port | baseline | candidate | first seen | last seen |\n");
            out.write("|---|---:|---|---|---|---|---|---|---|\n");
            for (ChangeGroup g : s.groups()) {
                out.write("| " + g.kind() + " | " + g.count() + " | `" + g.source() + "` | `" + g.destination() + "` | "
                        + g.protocol() + "/" + g.port() + " | " + md(decidedBy(g.baseline())) + " | "
                        + md(decidedBy(g.candidate())) + " | " + time(g.firstSeenNanos()) + " | "
                        + time(g.lastSeenNanos()) + " |\n");
            }
        }
        if (!s.newFindings().isEmpty()) {
            out.write("\n#### New alerts\n\n");
            for (Finding f : s.newFindings()) {
                out.write("- **" + f.type() + "** " + md(f.message()) + "\n");
                if (!f.fix().isEmpty()) {
                    out.write("\n  ```yaml\n");
                    for (String line : f.fix().split("\n")) {
                        out.write("  " + line + "\n");
                    }
                    out.write("  ```\n\n");
                }
            }
        }
    }

    private static String md(String s) {
        return s.replace("|", "\\|");
    }

    static void json(WhatIfSummary s, Writer out) throws IOException {
        JsonGenerator g = JsonFactory.builder().build().createGenerator(out);
        g.writeStartObject();
        g.writeNumberField("flows", s.flows());
        g.writeObjectFieldStart("counts");
        for (ChangeKind k : ChangeKind.values()) {
            g.writeNumberField(k.name(), s.count(k));
        }
        g.writeEndObject();
        g.writeArrayFieldStart("groups");
        for (ChangeGroup c : s.groups()) {
            g.writeStartObject();
            g.writeStringField("change", c.kind().name());
            g.writeNumberField("flows", c.count());
            g.writeStringField("source", c.source());
            g.writeStringField("destination", c.destination());
            g.writeNumberField("port", c.port());
            g.writeStringField("protocol", c.protocol());
            g.writeStringField("baseline", c.baseline().verdict().name());
            g.writeStringField("baseline_decided_by", decidedBy(c.baseline()));
            g.writeStringField("candidate", c.candidate().verdict().name());
            g.writeStringField("candidate_decided_by", decidedBy(c.candidate()));
            g.writeStringField("first_seen", time(c.firstSeenNanos()));
            g.writeStringField("last_seen", time(c.lastSeenNanos()));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("new_alerts");
        for (Finding f : s.newFindings()) {
            g.writeRawValue(FindingWriter.json(f));
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
        out.write("\n");
    }
}
