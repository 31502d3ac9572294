/**
 * The SIEM sink: a Kafka Connect sink that writes flowaudit's alerts and denials to a SIEM as CEF over syslog
 * (RFC 5424, RFC 6587 octet counting, optional TLS) or as ECS or OCSF JSON over HTTP(S) (Elasticsearch bulk,
 * Splunk HEC), with retries and a dead letter for what the SIEM rejects.
 *
 * <p>Public: {@link io.flowaudit.connect.siem.SiemSinkConnector}, its config and task, and the
 * {@link io.flowaudit.connect.siem.FlowauditAvroConverter}. Everything else is package-private. Non-null is the
 * default for parameters and results; the few nullable spots say "may be null".
 */
package io.flowaudit.connect.siem;
