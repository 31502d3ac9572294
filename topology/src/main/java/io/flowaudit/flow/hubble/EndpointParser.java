package io.flowaudit.flow.hubble;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.flowaudit.flow.FlowEndpoint;

import java.io.IOException;
import java.util.List;

/**
 * Reads a {@code flow.Endpoint} ({@code source}, {@code destination}): {@code ID}, {@code identity},
 * {@code namespace}, {@code pod_name}, {@code labels} and the names of {@code workloads}. Other members
 * ({@code cluster_name}, workload kinds) are skipped.
 */
final class EndpointParser {
    private final ValueReader values;

    EndpointParser(ValueReader values) {
        this.values = values;
    }

    /** Reads the endpoint object at the current token; an empty object is {@link FlowEndpoint#UNKNOWN}. */
    FlowEndpoint parse(JsonParser p) throws IOException {
        values.expect(p, JsonToken.START_OBJECT, "an object");
        long id = 0;
        long identity = 0;
        String namespace = "";
        String podName = "";
        List<String> labels = List.of();
        List<String> workloads = List.of();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            if (p.nextToken() == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "ID":
                case "id": // not a protobuf JSON name (that is "ID" too), accepted because nothing else is meant
                    id = values.unsigned32(p);
                    break;
                case "identity":
                    identity = values.unsigned32(p);
                    break;
                case "namespace":
                    namespace = values.string(p);
                    break;
                case "pod_name":
                case "podName":
                    podName = values.string(p);
                    break;
                case "labels":
                    labels = values.strings(p);
                    break;
                case "workloads":
                    workloads = workloadNames(p);
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (id == 0 && identity == 0 && namespace.isEmpty() && podName.isEmpty() && labels.isEmpty()
                && workloads.isEmpty()) {
            return FlowEndpoint.UNKNOWN;
        }
        return new FlowEndpoint(id, identity, namespace, podName, labels, workloads);
    }

    /** The non-empty {@code name}s of a {@code workloads} array of {@code {name, kind}} objects. */
    private List<String> workloadNames(JsonParser p) throws IOException {
        values.expect(p, JsonToken.START_ARRAY, "an array of workloads");
        int count = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == JsonToken.VALUE_NULL) {
                continue;
            }
            values.expect(p, JsonToken.START_OBJECT, "a workload object");
            String workload = "";
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                if (p.nextToken() == JsonToken.VALUE_NULL) {
                    continue;
                }
                if ("name".equals(name)) {
                    workload = values.string(p);
                } else {
                    p.skipChildren();
                }
            }
            if (!workload.isEmpty()) {
                count = values.add(workload, count);
            }
        }
        return values.listOfScratch(count);
    }
}
