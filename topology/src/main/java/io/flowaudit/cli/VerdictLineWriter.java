package io.flowaudit.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.flowaudit.flow.Flow;
import io.flowaudit.flow.FlowEndpoint;
import io.flowaudit.policy.compile.Outcome;
import io.flowaudit.policy.compile.PortVerdict;
import io.flowaudit.policy.eval.Decision;
import io.flowaudit.policy.model.RuleRef;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;

/**
 * Writes one JSON object per line: the verdict of a flow, or why an input line was not judged. The format is
 * documented in the README ("Output format") and shared by {@code replay} and {@code run}.
 */
final class VerdictLineWriter implements AutoCloseable {
    private final JsonGenerator json;
    private final Writer out;

    VerdictLineWriter(Writer out) throws IOException {
        this.out = out;
        // one write per buffer, not per line: the generator must not flush the writer on every verdict
        this.json = JsonFactory.builder().disable(com.fasterxml.jackson.core.StreamWriteFeature.FLUSH_PASSED_TO_STREAM).build()
                .createGenerator(out);
        json.setRootValueSeparator(null);
    }

    void verdict(long index, Flow flow, Decision d) throws IOException {
        json.writeStartObject();
        json.writeNumberField("index", index);
        json.writeStringField("verdict", d.verdict().name());
        json.writeStringField("egress", sub(d.egress()));
        json.writeStringField("ingress", sub(d.ingress()));
        json.writeStringField("reason", d.reason().name());
        json.writeStringField("detail", d.detail());
        json.writeArrayFieldStart("policies");
        for (RuleRef r : d.decidedBy().size() <= 1 ? d.decidedBy() : new LinkedHashSet<>(d.decidedBy())) {
            json.writeStartObject();
            json.writeStringField("kind", r.policy().kind().kindName());
            if (!r.policy().namespace().isEmpty()) {
                json.writeStringField("namespace", r.policy().namespace());
            }
            json.writeStringField("name", r.policy().name());
            json.writeNumberField("rule", r.ruleIndex());
            json.writeStringField("section", r.section().fieldName());
            json.writeNumberField("element", r.elementIndex());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeNumberField("revision", d.revision());
        if (!flow.uuid().isEmpty()) {
            json.writeStringField("uuid", flow.uuid());
        }
        if (flow.timeNanos() != 0) {
            json.writeStringField("time", Instant.ofEpochSecond(0, flow.timeNanos()).toString());
        }
        if (!flow.nodeName().isEmpty()) {
            json.writeStringField("node", flow.nodeName());
        }
        json.writeStringField("observed", flow.verdict().name());
        endpoint("source", flow.source(), flow.sourceIp(), flow.sourcePort());
        endpoint("destination", flow.destination(), flow.destinationIp(), flow.destinationPort());
        json.writeStringField("protocol", flow.protocol().name());
        json.writeEndObject();
        newline();
    }

    /** The same line from a verdict record read back from the verdicts topic ({@code flowaudit run}, {@code consume}). */
    void verdict(long index, io.flowaudit.schemas.avro.Verdict v) throws IOException {
        json.writeStartObject();
        if (index >= 0) {
            json.writeNumberField("index", index);
        }
        json.writeStringField("verdict", v.getVerdict().name());
        json.writeStringField("egress", v.getEgress().name());
        json.writeStringField("ingress", v.getIngress().name());
        json.writeStringField("reason", v.getReason());
        json.writeStringField("detail", v.getReasonText());
        json.writeArrayFieldStart("policies");
        for (io.flowaudit.schemas.avro.DecidingPolicy p : v.getDecidingPolicies()) {
            json.writeStartObject();
            json.writeStringField("kind", p.getKind().name());
            if (p.getNamespace() != null) {
                json.writeStringField("namespace", p.getNamespace());
            }
            json.writeStringField("name", p.getName());
            json.writeNumberField("rule", p.getRuleIndex());
            String dir = p.getDirection() == io.flowaudit.schemas.avro.PolicyDirection.INGRESS ? "ingress" : "egress";
            json.writeStringField("section", p.getDeny() ? dir + "Deny" : dir);
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeNumberField("revision", v.getPolicyRevision());
        if (!v.getFlowUuid().isEmpty()) {
            json.writeStringField("uuid", v.getFlowUuid());
        }
        if (v.getFlowTimeNanos() != 0) {
            json.writeStringField("time", Instant.ofEpochSecond(0, v.getFlowTimeNanos()).toString());
        }
        if (!v.getNodeName().isEmpty()) {
            json.writeStringField("node", v.getNodeName());
        }
        json.writeStringField("observed", v.getObservedVerdict().name());
        peer("source", v.getSource());
        peer("destination", v.getDestination());
        json.writeStringField("protocol", v.getProtocol().name());
        json.writeEndObject();
        newline();
    }

    private void peer(String field, io.flowaudit.schemas.avro.PeerSummary p) throws IOException {
        json.writeObjectFieldStart(field);
        if (p.getNamespace() != null) {
            json.writeStringField("namespace", p.getNamespace());
        }
        if (p.getPod() != null) {
            json.writeStringField("pod", p.getPod());
        }
        json.writeNumberField("identity", Integer.toUnsignedLong(p.getIdentity()));
        if (!p.getIp().isEmpty()) {
            json.writeStringField("ip", p.getIp());
        }
        if (p.getPort() != 0) {
            json.writeNumberField("port", p.getPort());
        }
        json.writeEndObject();
    }

    /** A raw line (alerts) written between verdict lines. */
    void raw(String line) throws IOException {
        json.flush();
        out.write(line);
        out.write('\n');
    }

    /** A line that is not a flow (lost_events, node_status, ...) or could not be read. */
    void notJudged(long index, String reason, String detail) throws IOException {
        json.writeStartObject();
        json.writeNumberField("index", index);
        json.writeStringField("verdict", "NOT_EVALUATED");
        json.writeStringField("reason", reason);
        json.writeStringField("detail", detail);
        json.writeEndObject();
        newline();
    }

    private void endpoint(String field, FlowEndpoint e, String ip, int port) throws IOException {
        json.writeObjectFieldStart(field);
        if (!e.namespace().isEmpty()) {
            json.writeStringField("namespace", e.namespace());
        }
        if (!e.podName().isEmpty()) {
            json.writeStringField("pod", e.podName());
        }
        json.writeNumberField("identity", e.identity());
        if (!ip.isEmpty()) {
            json.writeStringField("ip", ip);
        }
        if (port != 0) {
            json.writeNumberField("port", port);
        }
        json.writeEndObject();
    }

    private static String sub(PortVerdict v) {
        if (v == null) {
            return "NOT_EVALUATED";
        }
        return v.outcome() == Outcome.REDIRECTED ? "ALLOWED" : v.outcome().name().toUpperCase(Locale.ROOT);
    }

    private void newline() throws IOException {
        json.flush();
        out.write('\n');
    }

    void flush() throws IOException {
        json.flush();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        json.close();
    }
}
