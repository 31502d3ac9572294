package io.flowaudit.connect.siem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The ECS and OCSF documents, field by field, as connectors/SIEM.md documents them. */
class JsonEncodersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SiemSinkConnectorConfig config = SiemFixtures.config(SiemFixtures.httpProps("ecs",
            "elasticsearch-bulk", "http://127.0.0.1:9200/_bulk"));
    private final EcsEncoder ecs = new EcsEncoder(SiemFixtures.VERSION, config);
    private final OcsfEncoder ocsf = new OcsfEncoder(SiemFixtures.VERSION, config);

    @Test
    void shouldShapeAnAlertAsAnEcsAlertEvent() throws Exception {
        EncodedEvent event = ecs.encode(SiemFixtures.record("flowaudit.alerts", 0, 1, null),
                SiemFixtures.missingDnsAlert());

        assertThat(tree(event)).isEqualTo(JSON.readTree("""
                {"@timestamp":"2024-05-01T12:05:00.456Z",
                 "ecs":{"version":"8.11.0"},
                 "message":"no rule allows DNS | port=53 \\\\ kube-dns",
                 "event":{"kind":"alert","category":["network"],"type":["info"],"action":"missing-dns-rule",
                          "code":"MISSING_DNS_RULE","severity":8,"start":"2024-05-01T12:00:00.123Z",
                          "end":"2024-05-01T12:05:00.456Z","dataset":"flowaudit.alert","module":"flowaudit"},
                 "observer":{"vendor":"flowaudit","product":"flowaudit","version":"1.2.3"},
                 "rule":{"id":["CiliumNetworkPolicy/shop/web-egress"],"name":["shop/web-egress"],
                         "ruleset":["CiliumNetworkPolicy"]},
                 "orchestrator":{"type":"kubernetes","namespace":"shop"},
                 "flowaudit":{"alert":{"type":"MISSING_DNS_RULE","title":"Missing DNS rule","severity":"ERROR",
                    "dedup_key":"MISSING_DNS_RULE/shop/k8s:app=web","count":3,"selector":"k8s:app=web",
                    "namespace":"shop","pod":"web-7d9f-abcde","workload":{"kind":"Deployment","name":"web"},
                    "suggested_fix":"spec:\\n  egress:\\r\\n",
                    "sample_flow_uuid":"8c1f6a0e-0000-4000-8000-000000000001",
                    "policies":[{"kind":"CiliumNetworkPolicy","namespace":"shop","name":"web-egress"}]}}}
                """));
        assertThat(event.time().toEpochMilli()).isEqualTo(1_714_565_100_456L);
    }

    @Test
    void shouldShapeADenialAsAnEcsDeniedConnection() throws Exception {
        EncodedEvent event = ecs.encode(SiemFixtures.record("flowaudit.denials", 0, 1, null),
                SiemFixtures.denial());

        assertThat(tree(event)).isEqualTo(JSON.readTree("""
                {"@timestamp":"2024-05-01T12:00:00.123456789Z",
                 "ecs":{"version":"8.11.0"},
                 "message":"egress from shop/web to 10.96.0.10:53/UDP is not allowed by any rule of CiliumNetworkPolicy shop/web-egress",
                 "event":{"kind":"event","category":["network"],"type":["connection","denied"],
                          "action":"flow-denied","code":"DEFAULT_DENY",
                          "reason":"egress from shop/web to 10.96.0.10:53/UDP is not allowed by any rule of CiliumNetworkPolicy shop/web-egress",
                          "severity":5,"id":"5b0c2f6e-0000-4000-8000-000000000002",
                          "dataset":"flowaudit.denial","module":"flowaudit"},
                 "observer":{"vendor":"flowaudit","product":"flowaudit","version":"1.2.3"},
                 "source":{"ip":"10.0.1.23","port":40312},
                 "destination":{"ip":"10.96.0.10","port":53},
                 "network":{"transport":"udp","iana_number":"17","type":"ipv4"},
                 "host":{"name":"node-1"},
                 "rule":{"id":["CiliumNetworkPolicy/shop/web-egress"],"name":["shop/web-egress"],
                         "ruleset":["CiliumNetworkPolicy"]},
                 "orchestrator":{"type":"kubernetes"},
                 "flowaudit":{"verdict":{"flow_uuid":"5b0c2f6e-0000-4000-8000-000000000002","verdict":"DENIED",
                    "egress":"DENIED","ingress":"NOT_EVALUATED","reason":"DEFAULT_DENY",
                    "observed_verdict":"FORWARDED","policy_revision":42,
                    "source":{"namespace":"shop","pod":"web-7d9f-abcde","identity":12345},
                    "destination":{"namespace":"kube-system","pod":"coredns-1","identity":102},
                    "deciding_policies":[{"kind":"CiliumNetworkPolicy","namespace":"shop","name":"web-egress",
                        "direction":"EGRESS","deny":false,"rule_index":-1}]}}}
                """));
    }

    @Test
    void shouldShapeADenialAsOcsfNetworkActivityRefuse() throws Exception {
        EncodedEvent event = ocsf.encode(SiemFixtures.record("flowaudit.denials", 0, 1, null),
                SiemFixtures.denial());

        assertThat(tree(event)).isEqualTo(JSON.readTree("""
                {"class_uid":4001,"class_name":"Network Activity","category_uid":4,"category_name":"Network Activity",
                 "activity_id":5,"activity_name":"Refuse","type_uid":400105,"type_name":"Network Activity: Refuse",
                 "severity_id":3,"severity":"Medium",
                 "time":1714564800123,
                 "action_id":2,"action":"Denied","disposition_id":2,"disposition":"Blocked",
                 "status_id":2,"status":"Failure","status_code":"DEFAULT_DENY",
                 "status_detail":"egress from shop/web to 10.96.0.10:53/UDP is not allowed by any rule of CiliumNetworkPolicy shop/web-egress",
                 "message":"egress from shop/web to 10.96.0.10:53/UDP is not allowed by any rule of CiliumNetworkPolicy shop/web-egress",
                 "metadata":{"version":"1.3.0","product":{"name":"flowaudit","vendor_name":"flowaudit","version":"1.2.3"},
                             "uid":"5b0c2f6e-0000-4000-8000-000000000002","event_code":"DEFAULT_DENY"},
                 "src_endpoint":{"ip":"10.0.1.23","port":40312,"name":"shop/web-7d9f-abcde"},
                 "dst_endpoint":{"ip":"10.96.0.10","port":53,"name":"kube-system/coredns-1"},
                 "connection_info":{"protocol_num":17,"protocol_name":"udp","protocol_ver_id":4},
                 "device":{"hostname":"node-1","type_id":1,"type":"Server"},
                 "unmapped":{"flowaudit":{"verdict":{"verdict":"DENIED","egress":"DENIED","ingress":"NOT_EVALUATED",
                    "reason":"DEFAULT_DENY","observed_verdict":"FORWARDED","policy_revision":42,
                    "source_identity":12345,"destination_identity":102,
                    "deciding_policies":[{"kind":"CiliumNetworkPolicy","namespace":"shop","name":"web-egress",
                        "direction":"EGRESS","deny":false,"rule_index":-1}]}}}}
                """));
    }

    @Test
    void shouldShapeAnAlertAsOcsfNetworkActivityOther() throws Exception {
        EncodedEvent event = ocsf.encode(SiemFixtures.record("flowaudit.alerts", 0, 1, null),
                SiemFixtures.missingDnsAlert());

        assertThat(tree(event)).isEqualTo(JSON.readTree("""
                {"class_uid":4001,"class_name":"Network Activity","category_uid":4,"category_name":"Network Activity",
                 "activity_id":99,"activity_name":"MISSING_DNS_RULE","type_uid":400199,
                 "type_name":"Network Activity: MISSING_DNS_RULE",
                 "severity_id":4,"severity":"High",
                 "time":1714565100456,"start_time":1714564800123,"end_time":1714565100456,"count":3,
                 "message":"no rule allows DNS | port=53 \\\\ kube-dns",
                 "metadata":{"version":"1.3.0","product":{"name":"flowaudit","vendor_name":"flowaudit","version":"1.2.3"},
                             "event_code":"MISSING_DNS_RULE","correlation_uid":"MISSING_DNS_RULE/shop/k8s:app=web"},
                 "src_endpoint":{"name":"shop/web-7d9f-abcde"},
                 "unmapped":{"flowaudit":{"alert":{"type":"MISSING_DNS_RULE","title":"Missing DNS rule",
                    "severity":"ERROR","dedup_key":"MISSING_DNS_RULE/shop/k8s:app=web","selector":"k8s:app=web",
                    "namespace":"shop","pod":"web-7d9f-abcde","workload":{"kind":"Deployment","name":"web"},
                    "suggested_fix":"spec:\\n  egress:\\r\\n",
                    "sample_flow_uuid":"8c1f6a0e-0000-4000-8000-000000000001",
                    "policies":["CiliumNetworkPolicy/shop/web-egress"]}}}}
                """));
    }

    @Test
    void shouldWriteOneLineDocumentsSoNdjsonStaysLineOriented() {
        EncodedEvent event = ecs.encode(SiemFixtures.record("flowaudit.alerts", 0, 1, null),
                SiemFixtures.missingDnsAlert());

        assertThat(new String(event.payload(), StandardCharsets.UTF_8)).doesNotContain("\n").doesNotContain("\r")
                .startsWith("{\"@timestamp\":");
    }

    @Test
    void shouldMarkIpv6DenialsAsIpv6() throws Exception {
        JsonNode doc = tree(ecs.encode(SiemFixtures.record("t", 0, 1, null), SiemFixtures.ipv6Denial()));
        JsonNode ocsfDoc = tree(ocsf.encode(SiemFixtures.record("t", 0, 1, null), SiemFixtures.ipv6Denial()));

        assertThat(doc.path("network").toString())
                .isEqualTo("{\"transport\":\"tcp\",\"iana_number\":\"6\",\"type\":\"ipv6\"}");
        assertThat(doc.path("message").asText()).isEqualTo("flow denied: DENY_RULE");
        assertThat(ocsfDoc.path("connection_info").path("protocol_ver_id").asInt()).isEqualTo(6);
    }

    private static JsonNode tree(EncodedEvent event) throws Exception {
        return JSON.readTree(event.payload());
    }
}
