package io.flowaudit.connect.siem;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import io.flowaudit.schemas.avro.Severity;

/**
 * Configuration of the SIEM sink: what to write (CEF, ECS or OCSF), where (syslog over TCP or TLS, or an HTTP(S)
 * bulk or HEC endpoint), and how hard to try.
 *
 * <p>Every key has a type, a default, a validator and a doc; {@link #main(String[])} prints them as an HTML table.
 * Keys that only make sense together (format and transport, an auth type and its secret) are checked by
 * {@link #problems()}, which collects every problem, keyed by the offending setting, before the connector or a
 * task fails. Secrets are {@link Password}s: their {@code toString()} is {@value Password#HIDDEN}, and this class
 * never puts their values into messages.
 */
public final class SiemSinkConnectorConfig extends AbstractConfig {

    private static final String GROUP_OUTPUT = "Output";
    private static final String GROUP_SYSLOG = "Syslog";
    private static final String GROUP_HTTP = "HTTP";
    private static final String GROUP_TLS = "TLS";
    private static final String GROUP_DELIVERY = "Delivery";
    private static final String GROUP_SEVERITY = "Severity";

    public static final String FORMAT_CEF = "cef";
    public static final String FORMAT_ECS = "ecs";
    public static final String FORMAT_OCSF = "ocsf";
    public static final String TRANSPORT_SYSLOG_TCP = "syslog-tcp";
    public static final String TRANSPORT_SYSLOG_TLS = "syslog-tls";
    public static final String TRANSPORT_HTTP = "http";
    public static final String HTTP_API_ELASTICSEARCH = "elasticsearch-bulk";
    public static final String HTTP_API_SPLUNK = "splunk-hec";
    public static final String AUTH_NONE = "none";
    public static final String AUTH_BASIC = "basic";
    public static final String AUTH_APIKEY = "apikey";
    public static final String AUTH_BEARER = "bearer";
    public static final String AUTH_SPLUNK = "splunk";

    public static final String FORMAT_CONFIG = "siem.format";
    private static final String FORMAT_DOC = "What each alert and denial becomes: cef = an ArcSight Common Event Format"
            + " line, sent as the MSG of an RFC 5424 syslog message (needs a syslog transport); ecs = a JSON document"
            + " in the Elastic Common Schema; ocsf = a JSON document in the OCSF Network Activity class (4001). ecs and"
            + " ocsf need the http transport. The field mappings are in connectors/SIEM.md.";

    public static final String TRANSPORT_CONFIG = "siem.transport";
    private static final String TRANSPORT_DOC = "How events travel: syslog-tcp = RFC 5424 messages over TCP with"
            + " RFC 6587 octet counting; syslog-tls = the same inside TLS (RFC 5425); http = HTTP(S) POSTs to"
            + " siem.http.url, shaped by siem.http.api.";

    public static final String SYSLOG_HOST_CONFIG = "siem.syslog.host";
    private static final String SYSLOG_HOST_DOC = "Host name or address of the syslog receiver (rsyslog, syslog-ng,"
            + " a SIEM collector). Required for the syslog transports.";

    public static final String SYSLOG_PORT_CONFIG = "siem.syslog.port";
    private static final String SYSLOG_PORT_DOC = "TCP port of the syslog receiver; 6514 is the registered port for"
            + " syslog over TLS.";

    public static final String SYSLOG_FACILITY_CONFIG = "siem.syslog.facility";
    private static final String SYSLOG_FACILITY_DOC = "Syslog facility code (0-23) in the PRI of every message; the"
            + " default 13 is 'log audit'. The PRI's severity part is derived from the event's CEF severity (see"
            + " connectors/SIEM.md).";

    public static final String SYSLOG_HOSTNAME_CONFIG = "siem.syslog.hostname";
    private static final String SYSLOG_HOSTNAME_DOC = "HOSTNAME field of the RFC 5424 header: printable US-ASCII"
            + " without spaces, at most 255 characters. Empty = the worker's own host name ('-' when it cannot be"
            + " determined).";

    public static final String SYSLOG_APP_NAME_CONFIG = "siem.syslog.app.name";
    private static final String SYSLOG_APP_NAME_DOC = "APP-NAME field of the RFC 5424 header: printable US-ASCII"
            + " without spaces, at most 48 characters.";

    public static final String SYSLOG_CONNECT_TIMEOUT_MS_CONFIG = "siem.syslog.connect.timeout.ms";
    private static final String SYSLOG_CONNECT_TIMEOUT_MS_DOC = "How long to wait for the TCP connection (and the"
            + " TLS handshake) to the syslog receiver, in milliseconds.";

    public static final String HTTP_URL_CONFIG = "siem.http.url";
    private static final String HTTP_URL_DOC = "Full URL the events are POSTed to, http or https: for"
            + " elasticsearch-bulk the _bulk endpoint (https://es.example:9200/_bulk), for splunk-hec the event"
            + " endpoint (https://splunk.example:8088/services/collector/event). Required for the http transport.";

    public static final String HTTP_API_CONFIG = "siem.http.api";
    private static final String HTTP_API_DOC = "Which API siem.http.url speaks: elasticsearch-bulk = Elasticsearch"
            + " (or OpenSearch) _bulk, NDJSON action and document lines, per-item results; splunk-hec = Splunk HTTP"
            + " Event Collector, one JSON envelope per event.";

    public static final String HTTP_AUTH_TYPE_CONFIG = "siem.http.auth.type";
    private static final String HTTP_AUTH_TYPE_DOC = "Authorization header sent with every request: none; basic ="
            + " 'Basic base64(user:password)' from siem.http.auth.username and siem.http.auth.password; apikey ="
            + " 'ApiKey <token>' (Elasticsearch API key, the base64 id:key form); bearer = 'Bearer <token>'; splunk"
            + " = 'Splunk <token>' (HEC token). The token is siem.http.auth.token.";

    public static final String HTTP_AUTH_USERNAME_CONFIG = "siem.http.auth.username";
    private static final String HTTP_AUTH_USERNAME_DOC = "User name for basic authentication.";

    public static final String HTTP_AUTH_PASSWORD_CONFIG = "siem.http.auth.password";
    private static final String HTTP_AUTH_PASSWORD_DOC = "Password for basic authentication; never logged.";

    public static final String HTTP_AUTH_TOKEN_CONFIG = "siem.http.auth.token";
    private static final String HTTP_AUTH_TOKEN_DOC = "API key or token for the apikey, bearer and splunk"
            + " authentication types; never logged.";

    public static final String HTTP_CONNECT_TIMEOUT_MS_CONFIG = "siem.http.connect.timeout.ms";
    private static final String HTTP_CONNECT_TIMEOUT_MS_DOC = "How long to wait for a TCP (and TLS) connection to"
            + " the HTTP endpoint, in milliseconds.";

    public static final String HTTP_REQUEST_TIMEOUT_MS_CONFIG = "siem.http.request.timeout.ms";
    private static final String HTTP_REQUEST_TIMEOUT_MS_DOC = "How long to wait for the response to one request,"
            + " in milliseconds; a timeout is retried like an I/O error.";

    public static final String HTTP_ELASTICSEARCH_INDEX_CONFIG = "siem.http.elasticsearch.index";
    private static final String HTTP_ELASTICSEARCH_INDEX_DOC = "Index or data stream the documents are written to"
            + " (the bulk action is 'create', which both accept). The default follows the data stream naming scheme"
            + " logs-<dataset>-<namespace>.";

    public static final String HTTP_SPLUNK_INDEX_CONFIG = "siem.http.splunk.index";
    private static final String HTTP_SPLUNK_INDEX_DOC = "Splunk index put in every HEC envelope; empty = the"
            + " token's default index.";

    public static final String HTTP_SPLUNK_SOURCETYPE_CONFIG = "siem.http.splunk.sourcetype";
    private static final String HTTP_SPLUNK_SOURCETYPE_DOC = "Splunk sourcetype put in every HEC envelope; empty ="
            + " flowaudit:<format> (flowaudit:ecs or flowaudit:ocsf).";

    public static final String SSL_TRUSTSTORE_LOCATION_CONFIG = "siem.ssl.truststore.location";
    private static final String SSL_TRUSTSTORE_LOCATION_DOC = "Trust store with the certificates (or CAs) the"
            + " server's certificate must chain to, for syslog-tls and https. Empty = the JVM's default trust store.";
    public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = "siem.ssl.truststore.password";
    private static final String SSL_TRUSTSTORE_PASSWORD_DOC = "Password of the trust store; may be unset for a"
            + " PKCS12 trust store without integrity password. Never logged.";
    public static final String SSL_TRUSTSTORE_TYPE_CONFIG = "siem.ssl.truststore.type";
    private static final String SSL_TRUSTSTORE_TYPE_DOC = "Format of the trust store file: PKCS12 or JKS.";
    public static final String SSL_KEYSTORE_LOCATION_CONFIG = "siem.ssl.keystore.location";
    private static final String SSL_KEYSTORE_LOCATION_DOC = "Key store with the client certificate and key, for"
            + " receivers that require mutual TLS. Empty = no client certificate.";
    public static final String SSL_KEYSTORE_PASSWORD_CONFIG = "siem.ssl.keystore.password";
    private static final String SSL_KEYSTORE_PASSWORD_DOC = "Password of the key store. Never logged.";
    public static final String SSL_KEYSTORE_TYPE_CONFIG = "siem.ssl.keystore.type";
    private static final String SSL_KEYSTORE_TYPE_DOC = "Format of the key store file: PKCS12 or JKS.";
    public static final String SSL_KEY_PASSWORD_CONFIG = "siem.ssl.key.password";
    private static final String SSL_KEY_PASSWORD_DOC = "Password of the private key; unset = the key store"
            + " password. Never logged.";
    public static final String SSL_ENABLED_PROTOCOLS_CONFIG = "siem.ssl.enabled.protocols";
    private static final String SSL_ENABLED_PROTOCOLS_DOC = "TLS versions offered, most preferred first.";
    public static final String SSL_ENDPOINT_IDENTIFICATION_CONFIG = "siem.ssl.endpoint.identification.algorithm";
    private static final String SSL_ENDPOINT_IDENTIFICATION_DOC = "https = check that the server certificate names"
            + " the host connected to (siem.syslog.host or the host of siem.http.url); empty = do not check (only"
            + " for tests: it allows a man in the middle).";

    public static final String BATCH_SIZE_CONFIG = "siem.batch.size";
    private static final String BATCH_SIZE_DOC = "Most events per HTTP request, and per write-and-flush on a syslog"
            + " connection. Connect hands the task up to consumer max.poll.records records at a time; larger"
            + " batches are split.";

    public static final String MAX_RETRIES_CONFIG = "siem.max.retries";
    private static final String MAX_RETRIES_DOC = "How many times a batch is retried within one put() after a"
            + " transient failure (I/O error, timeout, HTTP 429 or 5xx, a per-item 429 or 5xx in a bulk response,"
            + " a broken syslog connection) before the task gives the batch back to Connect with a"
            + " RetriableException, which redelivers it later without committing its offsets. 0 = no retry within"
            + " put().";

    public static final String RETRY_BACKOFF_MS_CONFIG = "siem.retry.backoff.ms";
    private static final String RETRY_BACKOFF_MS_DOC = "Wait before the first retry, in milliseconds; each further"
            + " retry waits twice as long, up to siem.retry.backoff.max.ms, with random jitter of up to half the"
            + " wait. A Retry-After header on a 429 or 503 is honoured up to that maximum.";

    public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "siem.retry.backoff.max.ms";
    private static final String RETRY_BACKOFF_MAX_MS_DOC = "Longest wait between two retries, in milliseconds; also"
            + " the pause Connect takes before redelivering a batch whose retries ran out.";

    public static final String SEVERITY_INFO_CONFIG = "siem.severity.info";
    public static final String SEVERITY_WARNING_CONFIG = "siem.severity.warning";
    public static final String SEVERITY_ERROR_CONFIG = "siem.severity.error";
    public static final String SEVERITY_CRITICAL_CONFIG = "siem.severity.critical";
    private static final String SEVERITY_DOC = "CEF severity (0-10) of alerts of severity %s. ECS event.severity"
            + " carries the same number; the syslog PRI severity and the OCSF severity_id are derived from it"
            + " (see connectors/SIEM.md).";
    public static final String SEVERITY_DENIAL_CONFIG = "siem.severity.denial";
    private static final String SEVERITY_DENIAL_DOC = "CEF severity (0-10) of denials (Verdict records, which carry"
            + " no severity of their own); ECS, syslog and OCSF derive theirs from it as for alerts.";

    /** The configuration definition; shared, do not modify. */
    public static final ConfigDef CONFIG_DEF = configDef();

    private static final int MAX_APP_NAME = 48;
    private static final int MAX_HOSTNAME = 255;

    /**
     * Parses and validates {@code originals} key by key.
     *
     * @throws ConfigException naming the first key whose value has the wrong type or fails its validator; use
     *         {@link #problems()} for the checks that involve several keys
     */
    public SiemSinkConnectorConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals, false);
    }

    /**
     * Parses {@code originals} and fails on any problem, single-key or cross-key.
     *
     * @throws ConfigException listing every problem, each as {@code key: message}
     */
    public static SiemSinkConnectorConfig validated(Map<?, ?> originals) {
        SiemSinkConnectorConfig config = new SiemSinkConnectorConfig(originals);
        Map<String, String> problems = config.problems();
        if (!problems.isEmpty()) {
            List<String> lines = new ArrayList<>();
            problems.forEach((key, message) -> lines.add(key + ": " + message));
            throw new ConfigException("invalid SIEM sink configuration: " + String.join("; ", lines));
        }
        return config;
    }

    /**
     * Problems that involve more than one key, keyed by the setting to change, in a stable order; empty when the
     * configuration is consistent. Secret values never appear in the messages.
     */
    public Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        String format = format();
        String transport = transport();
        boolean syslog = isSyslog();
        if (FORMAT_CEF.equals(format) && !syslog) {
            problems.put(TRANSPORT_CONFIG, "format cef is sent over syslog: use " + TRANSPORT_SYSLOG_TCP + " or "
                    + TRANSPORT_SYSLOG_TLS + ", not " + transport);
        }
        if (!FORMAT_CEF.equals(format) && syslog) {
            problems.put(TRANSPORT_CONFIG, "format " + format + " is JSON sent over HTTP: use " + TRANSPORT_HTTP
                    + ", not " + transport);
        }
        if (syslog && syslogHost().isBlank()) {
            problems.put(SYSLOG_HOST_CONFIG, "required for transport " + transport);
        }
        if (!syslog) {
            httpUrlProblem().ifPresent(message -> problems.put(HTTP_URL_CONFIG, message));
            String auth = httpAuthType();
            if (AUTH_BASIC.equals(auth)) {
                if (getString(HTTP_AUTH_USERNAME_CONFIG).isBlank()) {
                    problems.put(HTTP_AUTH_USERNAME_CONFIG, "required for " + HTTP_AUTH_TYPE_CONFIG + "=basic");
                }
                if (isUnset(getPassword(HTTP_AUTH_PASSWORD_CONFIG))) {
                    problems.put(HTTP_AUTH_PASSWORD_CONFIG, "required for " + HTTP_AUTH_TYPE_CONFIG + "=basic");
                }
            } else if (!AUTH_NONE.equals(auth) && isUnset(getPassword(HTTP_AUTH_TOKEN_CONFIG))) {
                problems.put(HTTP_AUTH_TOKEN_CONFIG, "required for " + HTTP_AUTH_TYPE_CONFIG + "=" + auth);
            }
        }
        if (retryBackoffMaxMs() < retryBackoffMs()) {
            problems.put(RETRY_BACKOFF_MAX_MS_CONFIG, "must be at least " + RETRY_BACKOFF_MS_CONFIG + " ("
                    + retryBackoffMs() + "), is " + retryBackoffMaxMs());
        }
        return problems;
    }

    private Optional<String> httpUrlProblem() {
        String url = getString(HTTP_URL_CONFIG);
        if (url.isBlank()) {
            return Optional.of("required for transport " + TRANSPORT_HTTP);
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return Optional.of("must be an http or https URL, is \"" + redactUserInfo(uri) + "\"");
            }
            if (uri.getHost() == null) {
                return Optional.of("has no host: \"" + redactUserInfo(uri) + "\"");
            }
            if (uri.getUserInfo() != null) {
                return Optional.of("must not carry credentials; use " + HTTP_AUTH_TYPE_CONFIG);
            }
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL: " + e.getReason() + " at index " + e.getIndex());
        }
        return Optional.empty();
    }

    private static String redactUserInfo(URI uri) {
        return uri.getUserInfo() == null ? uri.toString() : uri.toString().replace(uri.getRawUserInfo(), "****");
    }

    private static boolean isUnset(Password password) {
        return password == null || password.value().isEmpty();
    }

    public String format() {
        return getString(FORMAT_CONFIG);
    }

    public String transport() {
        return getString(TRANSPORT_CONFIG);
    }

    public boolean isSyslog() {
        return !TRANSPORT_HTTP.equals(transport());
    }

    public boolean isSyslogTls() {
        return TRANSPORT_SYSLOG_TLS.equals(transport());
    }

    public String syslogHost() {
        return getString(SYSLOG_HOST_CONFIG);
    }

    public int syslogPort() {
        return getInt(SYSLOG_PORT_CONFIG);
    }

    public int syslogFacility() {
        return getInt(SYSLOG_FACILITY_CONFIG);
    }

    /** The configured HOSTNAME, or empty when the worker's host name should be used. */
    public String syslogHostname() {
        return getString(SYSLOG_HOSTNAME_CONFIG);
    }

    public String syslogAppName() {
        return getString(SYSLOG_APP_NAME_CONFIG);
    }

    public int syslogConnectTimeoutMs() {
        return getInt(SYSLOG_CONNECT_TIMEOUT_MS_CONFIG);
    }

    public String httpUrl() {
        return getString(HTTP_URL_CONFIG);
    }

    public String httpApi() {
        return getString(HTTP_API_CONFIG);
    }

    public String httpAuthType() {
        return getString(HTTP_AUTH_TYPE_CONFIG);
    }

    public String httpAuthUsername() {
        return getString(HTTP_AUTH_USERNAME_CONFIG);
    }

    /** The basic-auth password; may be null when unset. */
    public Password httpAuthPassword() {
        return getPassword(HTTP_AUTH_PASSWORD_CONFIG);
    }

    /** The token; may be null when unset. */
    public Password httpAuthToken() {
        return getPassword(HTTP_AUTH_TOKEN_CONFIG);
    }

    public int httpConnectTimeoutMs() {
        return getInt(HTTP_CONNECT_TIMEOUT_MS_CONFIG);
    }

    public int httpRequestTimeoutMs() {
        return getInt(HTTP_REQUEST_TIMEOUT_MS_CONFIG);
    }

    public String elasticsearchIndex() {
        return getString(HTTP_ELASTICSEARCH_INDEX_CONFIG);
    }

    public String splunkIndex() {
        return getString(HTTP_SPLUNK_INDEX_CONFIG);
    }

    /** The configured sourcetype, or {@code flowaudit:<format>} when unset. */
    public String splunkSourcetype() {
        String configured = getString(HTTP_SPLUNK_SOURCETYPE_CONFIG);
        return configured.isBlank() ? "flowaudit:" + format() : configured;
    }

    public String truststoreLocation() {
        return getString(SSL_TRUSTSTORE_LOCATION_CONFIG);
    }

    /** May be null when unset. */
    public Password truststorePassword() {
        return getPassword(SSL_TRUSTSTORE_PASSWORD_CONFIG);
    }

    public String truststoreType() {
        return getString(SSL_TRUSTSTORE_TYPE_CONFIG);
    }

    public String keystoreLocation() {
        return getString(SSL_KEYSTORE_LOCATION_CONFIG);
    }

    /** May be null when unset. */
    public Password keystorePassword() {
        return getPassword(SSL_KEYSTORE_PASSWORD_CONFIG);
    }

    public String keystoreType() {
        return getString(SSL_KEYSTORE_TYPE_CONFIG);
    }

    /** May be null when unset. */
    public Password keyPassword() {
        return getPassword(SSL_KEY_PASSWORD_CONFIG);
    }

    public List<String> enabledProtocols() {
        return getList(SSL_ENABLED_PROTOCOLS_CONFIG);
    }

    public boolean verifiesHostname() {
        return !getString(SSL_ENDPOINT_IDENTIFICATION_CONFIG).isEmpty();
    }

    public int batchSize() {
        return getInt(BATCH_SIZE_CONFIG);
    }

    public int maxRetries() {
        return getInt(MAX_RETRIES_CONFIG);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS_CONFIG);
    }

    public long retryBackoffMaxMs() {
        return getLong(RETRY_BACKOFF_MAX_MS_CONFIG);
    }

    /** The configured CEF severity (0-10) of alerts of {@code severity}. */
    public int severity(Severity severity) {
        switch (severity) {
            case INFO:
                return getInt(SEVERITY_INFO_CONFIG);
            case WARNING:
                return getInt(SEVERITY_WARNING_CONFIG);
            case ERROR:
                return getInt(SEVERITY_ERROR_CONFIG);
            case CRITICAL:
                return getInt(SEVERITY_CRITICAL_CONFIG);
            default:
                throw new IllegalArgumentException("unknown alert severity " + severity);
        }
    }

    /** The configured CEF severity (0-10) of denials. */
    public int denialSeverity() {
        return getInt(SEVERITY_DENIAL_CONFIG);
    }

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        ConfigDef.Validator plain = new NoControlCharacters();
        int order = 0;
        def.define(FORMAT_CONFIG, Type.STRING, FORMAT_CEF, ValidString.in(FORMAT_CEF, FORMAT_ECS, FORMAT_OCSF),
                Importance.HIGH, FORMAT_DOC, GROUP_OUTPUT, ++order, Width.SHORT, "Event format");
        def.define(TRANSPORT_CONFIG, Type.STRING, TRANSPORT_SYSLOG_TCP,
                ValidString.in(TRANSPORT_SYSLOG_TCP, TRANSPORT_SYSLOG_TLS, TRANSPORT_HTTP), Importance.HIGH,
                TRANSPORT_DOC, GROUP_OUTPUT, ++order, Width.SHORT, "Transport");

        order = 0;
        def.define(SYSLOG_HOST_CONFIG, Type.STRING, "", new NoWhitespace(), Importance.HIGH, SYSLOG_HOST_DOC,
                GROUP_SYSLOG, ++order, Width.MEDIUM, "Syslog host");
        def.define(SYSLOG_PORT_CONFIG, Type.INT, 514, Range.between(1, 65535), Importance.HIGH, SYSLOG_PORT_DOC,
                GROUP_SYSLOG, ++order, Width.SHORT, "Syslog port");
        def.define(SYSLOG_FACILITY_CONFIG, Type.INT, 13, Range.between(0, 23), Importance.LOW,
                SYSLOG_FACILITY_DOC, GROUP_SYSLOG, ++order, Width.SHORT, "Syslog facility");
        def.define(SYSLOG_HOSTNAME_CONFIG, Type.STRING, "", new PrintableAscii(MAX_HOSTNAME, true), Importance.LOW,
                SYSLOG_HOSTNAME_DOC, GROUP_SYSLOG, ++order, Width.MEDIUM, "Syslog HOSTNAME");
        def.define(SYSLOG_APP_NAME_CONFIG, Type.STRING, "flowaudit", new PrintableAscii(MAX_APP_NAME, false),
                Importance.LOW, SYSLOG_APP_NAME_DOC, GROUP_SYSLOG, ++order, Width.SHORT, "Syslog APP-NAME");
        def.define(SYSLOG_CONNECT_TIMEOUT_MS_CONFIG, Type.INT, 10_000, Range.between(1, 600_000), Importance.LOW,
                SYSLOG_CONNECT_TIMEOUT_MS_DOC, GROUP_SYSLOG, ++order, Width.SHORT, "Syslog connect timeout (ms)");

        order = 0;
        def.define(HTTP_URL_CONFIG, Type.STRING, "", new NoWhitespace(), Importance.HIGH, HTTP_URL_DOC, GROUP_HTTP,
                ++order, Width.LONG, "Endpoint URL");
        def.define(HTTP_API_CONFIG, Type.STRING, HTTP_API_ELASTICSEARCH,
                ValidString.in(HTTP_API_ELASTICSEARCH, HTTP_API_SPLUNK), Importance.HIGH, HTTP_API_DOC, GROUP_HTTP,
                ++order, Width.SHORT, "Endpoint API");
        def.define(HTTP_AUTH_TYPE_CONFIG, Type.STRING, AUTH_NONE,
                ValidString.in(AUTH_NONE, AUTH_BASIC, AUTH_APIKEY, AUTH_BEARER, AUTH_SPLUNK), Importance.HIGH,
                HTTP_AUTH_TYPE_DOC, GROUP_HTTP, ++order, Width.SHORT, "Authentication");
        def.define(HTTP_AUTH_USERNAME_CONFIG, Type.STRING, "", plain,
                Importance.MEDIUM, HTTP_AUTH_USERNAME_DOC, GROUP_HTTP,
                ++order, Width.MEDIUM, "User name");
        def.define(HTTP_AUTH_PASSWORD_CONFIG, Type.PASSWORD, null, plain, Importance.MEDIUM, HTTP_AUTH_PASSWORD_DOC,
                GROUP_HTTP, ++order, Width.MEDIUM, "Password");
        def.define(HTTP_AUTH_TOKEN_CONFIG, Type.PASSWORD, null, plain,
                Importance.MEDIUM, HTTP_AUTH_TOKEN_DOC, GROUP_HTTP,
                ++order, Width.MEDIUM, "Token");
        def.define(HTTP_CONNECT_TIMEOUT_MS_CONFIG, Type.INT, 10_000, Range.between(1, 600_000), Importance.LOW,
                HTTP_CONNECT_TIMEOUT_MS_DOC, GROUP_HTTP, ++order, Width.SHORT, "Connect timeout (ms)");
        def.define(HTTP_REQUEST_TIMEOUT_MS_CONFIG, Type.INT, 30_000, Range.between(1, 600_000), Importance.LOW,
                HTTP_REQUEST_TIMEOUT_MS_DOC, GROUP_HTTP, ++order, Width.SHORT, "Request timeout (ms)");
        def.define(HTTP_ELASTICSEARCH_INDEX_CONFIG, Type.STRING, "logs-flowaudit-default", new ElasticIndexName(),
                Importance.MEDIUM, HTTP_ELASTICSEARCH_INDEX_DOC, GROUP_HTTP, ++order, Width.MEDIUM, "Index");
        def.define(HTTP_SPLUNK_INDEX_CONFIG, Type.STRING, "", new NoWhitespace(), Importance.MEDIUM,
                HTTP_SPLUNK_INDEX_DOC, GROUP_HTTP, ++order, Width.MEDIUM, "Splunk index");
        def.define(HTTP_SPLUNK_SOURCETYPE_CONFIG, Type.STRING, "", new NoWhitespace(), Importance.LOW,
                HTTP_SPLUNK_SOURCETYPE_DOC, GROUP_HTTP, ++order, Width.MEDIUM, "Splunk sourcetype");

        order = 0;
        def.define(SSL_TRUSTSTORE_LOCATION_CONFIG, Type.STRING, "", plain,
                Importance.MEDIUM, SSL_TRUSTSTORE_LOCATION_DOC,
                GROUP_TLS, ++order, Width.LONG, "Trust store");
        def.define(SSL_TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, plain, Importance.MEDIUM,
                SSL_TRUSTSTORE_PASSWORD_DOC, GROUP_TLS, ++order, Width.MEDIUM, "Trust store password");
        def.define(SSL_TRUSTSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", ValidString.in("PKCS12", "JKS"),
                Importance.LOW, SSL_TRUSTSTORE_TYPE_DOC, GROUP_TLS, ++order, Width.SHORT, "Trust store type");
        def.define(SSL_KEYSTORE_LOCATION_CONFIG, Type.STRING, "", plain, Importance.MEDIUM, SSL_KEYSTORE_LOCATION_DOC,
                GROUP_TLS, ++order, Width.LONG, "Key store");
        def.define(SSL_KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, plain,
                Importance.MEDIUM, SSL_KEYSTORE_PASSWORD_DOC,
                GROUP_TLS, ++order, Width.MEDIUM, "Key store password");
        def.define(SSL_KEYSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", ValidString.in("PKCS12", "JKS"), Importance.LOW,
                SSL_KEYSTORE_TYPE_DOC, GROUP_TLS, ++order, Width.SHORT, "Key store type");
        def.define(SSL_KEY_PASSWORD_CONFIG, Type.PASSWORD, null, plain, Importance.LOW, SSL_KEY_PASSWORD_DOC, GROUP_TLS,
                ++order, Width.MEDIUM, "Key password");
        def.define(SSL_ENABLED_PROTOCOLS_CONFIG, Type.LIST, "TLSv1.3,TLSv1.2",
                ConfigDef.ValidList.in("TLSv1.3", "TLSv1.2"), Importance.LOW, SSL_ENABLED_PROTOCOLS_DOC, GROUP_TLS,
                ++order, Width.SHORT, "TLS versions");
        def.define(SSL_ENDPOINT_IDENTIFICATION_CONFIG, Type.STRING, "https",
                ConfigDef.CaseInsensitiveValidString.in("https", ""), Importance.LOW, SSL_ENDPOINT_IDENTIFICATION_DOC,
                GROUP_TLS, ++order, Width.SHORT, "Host name verification");

        order = 0;
        def.define(BATCH_SIZE_CONFIG, Type.INT, 500, Range.between(1, 100_000), Importance.MEDIUM, BATCH_SIZE_DOC,
                GROUP_DELIVERY, ++order, Width.SHORT, "Batch size");
        def.define(MAX_RETRIES_CONFIG, Type.INT, 5, Range.between(0, 100), Importance.MEDIUM, MAX_RETRIES_DOC,
                GROUP_DELIVERY, ++order, Width.SHORT, "Retries");
        def.define(RETRY_BACKOFF_MS_CONFIG, Type.LONG, 500L, Range.between(0L, 600_000L), Importance.LOW,
                RETRY_BACKOFF_MS_DOC, GROUP_DELIVERY, ++order, Width.SHORT, "Retry backoff (ms)");
        def.define(RETRY_BACKOFF_MAX_MS_CONFIG, Type.LONG, 30_000L, Range.between(0L, 600_000L), Importance.LOW,
                RETRY_BACKOFF_MAX_MS_DOC, GROUP_DELIVERY, ++order, Width.SHORT, "Max retry backoff (ms)");

        order = 0;
        Range cef = Range.between(0, 10);
        def.define(SEVERITY_INFO_CONFIG, Type.INT, 3, cef, Importance.LOW, String.format(Locale.ROOT, SEVERITY_DOC,
                "INFO"), GROUP_SEVERITY, ++order, Width.SHORT, "INFO severity");
        def.define(SEVERITY_WARNING_CONFIG, Type.INT, 5, cef, Importance.LOW, String.format(Locale.ROOT,
                SEVERITY_DOC, "WARNING"), GROUP_SEVERITY, ++order, Width.SHORT, "WARNING severity");
        def.define(SEVERITY_ERROR_CONFIG, Type.INT, 8, cef, Importance.LOW, String.format(Locale.ROOT, SEVERITY_DOC,
                "ERROR"), GROUP_SEVERITY, ++order, Width.SHORT, "ERROR severity");
        def.define(SEVERITY_CRITICAL_CONFIG, Type.INT, 10, cef, Importance.LOW, String.format(Locale.ROOT,
                SEVERITY_DOC, "CRITICAL"), GROUP_SEVERITY, ++order, Width.SHORT, "CRITICAL severity");
        def.define(SEVERITY_DENIAL_CONFIG, Type.INT, 5, cef, Importance.LOW, SEVERITY_DENIAL_DOC, GROUP_SEVERITY,
                ++order, Width.SHORT, "Denial severity");
        return def;
    }

    /** Prints the keys as an HTML table, for the documentation. */
    public static void main(String[] args) {
        System.out.println(CONFIG_DEF.toHtmlTable());
    }

    /** Accepts values without whitespace (host names, URLs, index names); empty is allowed. */
    static final class NoWhitespace implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String text = (String) value;
            if (text != null && !text.isEmpty() && !text.equals(text.strip())) {
                throw new ConfigException(name, value, "must not start or end with whitespace");
            }
            if (text != null && text.chars().anyMatch(Character::isWhitespace)) {
                throw new ConfigException(name, value, "must not contain whitespace");
            }
        }

        @Override
        public String toString() {
            return "no whitespace";
        }
    }

    /**
     * Rejects control characters (CR and LF above all): user names and tokens become HTTP header values, where a
     * line break would inject headers, and paths never need them. Accepts strings and passwords; null is allowed
     * (unset). The message never repeats a password's value.
     */
    static final class NoControlCharacters implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String text = value instanceof Password ? ((Password) value).value() : (String) value;
            if (text != null && text.chars().anyMatch(Character::isISOControl)) {
                throw new ConfigException(name, value instanceof Password ? value : text,
                        "must not contain control characters (line breaks, tabs)");
            }
        }

        @Override
        public String toString() {
            return "no control characters";
        }
    }

    /** RFC 5424 header fields: PRINTUSASCII (33-126) only, bounded length. */
    static final class PrintableAscii implements ConfigDef.Validator {
        private final int maxLength;
        private final boolean emptyAllowed;

        PrintableAscii(int maxLength, boolean emptyAllowed) {
            this.maxLength = maxLength;
            this.emptyAllowed = emptyAllowed;
        }

        @Override
        public void ensureValid(String name, Object value) {
            String text = value == null ? "" : (String) value;
            if (text.isEmpty() && !emptyAllowed) {
                throw new ConfigException(name, value, "must not be empty");
            }
            if (text.length() > maxLength) {
                throw new ConfigException(name, value, "is " + text.length() + " characters long, at most "
                        + maxLength + " are allowed");
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 33 || c > 126) {
                    throw new ConfigException(name, value, "character " + (i + 1) + " is not printable US-ASCII"
                            + " (RFC 5424 allows codes 33-126 only, no spaces)");
                }
            }
        }

        @Override
        public String toString() {
            return (emptyAllowed ? "empty or " : "") + "1-" + maxLength + " printable US-ASCII characters";
        }
    }

    /** Elasticsearch index and data stream names: lowercase, none of {@code \ / * ? " < > | , # :} or spaces. */
    static final class ElasticIndexName implements ConfigDef.Validator {
        private static final String FORBIDDEN = "\\/*?\"<>|,#: ";

        @Override
        public void ensureValid(String name, Object value) {
            String text = (String) value;
            if (text == null || text.isEmpty()) {
                throw new ConfigException(name, value, "must not be empty");
            }
            if (!text.equals(text.toLowerCase(Locale.ROOT))) {
                throw new ConfigException(name, value, "must be lowercase");
            }
            if (text.startsWith("-") || text.startsWith("_") || text.startsWith("+")) {
                throw new ConfigException(name, value, "must not start with -, _ or +");
            }
            for (int i = 0; i < text.length(); i++) {
                if (FORBIDDEN.indexOf(text.charAt(i)) >= 0) {
                    throw new ConfigException(name, value, "must not contain '" + text.charAt(i) + "'");
                }
            }
        }

        @Override
        public String toString() {
            return "an Elasticsearch index or data stream name";
        }
    }
}
