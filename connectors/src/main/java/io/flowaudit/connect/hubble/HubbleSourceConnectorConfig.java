package io.flowaudit.connect.hubble;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

import io.flowaudit.connect.common.Validators;
import io.flowaudit.connect.hubble.api.flow.FlowFilter;
import io.flowaudit.schemas.Topics;
import io.flowaudit.schemas.serde.SerdeConfig;

/**
 * Configuration of the Hubble source connector. Every key has a type, default, validator and doc;
 * {@link #problems(Map)} adds the checks that span keys (what each mode requires), all reported at once. The
 * serde keys of {@link SerdeConfig} ({@code schema.registry.url}, ...) choose the value encoding.
 */
public final class HubbleSourceConnectorConfig extends AbstractConfig {
    public static final String MODE_GRPC = "grpc";
    public static final String MODE_FILE = "file";
    public static final String START_BEGINNING = "beginning";
    public static final String START_END = "end";

    private static final String GROUP_COMMON = "Hubble source";
    private static final String GROUP_GRPC = "Observer gRPC";
    private static final String GROUP_TLS = "Observer gRPC TLS";
    private static final String GROUP_FILE = "Exporter files";

    public static final String MODE_CONFIG = "hubble.mode";
    public static final String MODE_DOC = "Where flows come from: 'grpc' streams observer.Observer/GetFlows (follow"
            + " mode) from Hubble Relay or a Hubble agent; 'file' tails Hubble exporter files (JSON lines).";
    public static final String TOPIC_CONFIG = "topic";
    public static final String TOPIC_DOC = "Topic the Avro Flow records go to, keyed by the name of the node that"
            + " observed each flow (Hubble's node_name), as the flowaudit topology expects. Values are encoded"
            + " bytes: run the connector with value.converter=org.apache.kafka.connect.converters"
            + ".ByteArrayConverter and key.converter=org.apache.kafka.connect.storage.StringConverter.";
    public static final String POLL_MAX_RECORDS_CONFIG = "poll.max.records";
    public static final String POLL_MAX_RECORDS_DOC = "Most records one poll returns to the worker.";
    public static final String POLL_TIMEOUT_MS_CONFIG = "poll.timeout.ms";
    public static final String POLL_TIMEOUT_MS_DOC = "How long a poll waits for flows before returning none, in"
            + " milliseconds; in file mode also the pause between looks at files that had nothing new.";

    public static final String GRPC_TARGETS_CONFIG = "grpc.targets";
    public static final String GRPC_TARGETS_DOC = "gRPC targets to stream from: Hubble Relay (host:4245, or :443"
            + " behind TLS) or agents (host:4244), or any gRPC target syntax such as unix:///var/run/cilium/hubble"
            + ".sock. Each target is one GetFlows stream with its own source offset; tasks share the targets out.";
    public static final String GRPC_PLAINTEXT_CONFIG = "grpc.plaintext";
    public static final String GRPC_PLAINTEXT_DOC = "Connect without TLS (Relay's default port 4245 usually is"
            + " plaintext). When false, TLS is used with grpc.tls.* (the JVM's trusted CAs when no CA file is set).";
    public static final String GRPC_TLS_CA_FILE_CONFIG = "grpc.tls.ca.file";
    public static final String GRPC_TLS_CA_FILE_DOC = "PEM file of the CA certificates that sign the server's"
            + " certificate (Hubble's CA, e.g. the hubble-relay-client-certs secret's ca.crt); empty: the JVM's.";
    public static final String GRPC_TLS_CERT_FILE_CONFIG = "grpc.tls.cert.file";
    public static final String GRPC_TLS_CERT_FILE_DOC = "PEM certificate chain presented to the server for mutual"
            + " TLS (tls.crt); set together with grpc.tls.key.file, or neither.";
    public static final String GRPC_TLS_KEY_FILE_CONFIG = "grpc.tls.key.file";
    public static final String GRPC_TLS_KEY_FILE_DOC = "PEM PKCS#8 private key of grpc.tls.cert.file (tls.key).";
    public static final String GRPC_TLS_SERVER_NAME_CONFIG = "grpc.tls.server.name";
    public static final String GRPC_TLS_SERVER_NAME_DOC = "Name expected in the server's certificate and sent as"
            + " SNI, when it differs from the target's host, e.g. *.hubble-relay.cilium.io or"
            + " <node>.<cluster>.hubble-grpc.cilium.io; empty: the target's host.";
    public static final String GRPC_ALLOW_FILTERS_CONFIG = "grpc.allow.filters";
    public static final String GRPC_ALLOW_FILTERS_DOC = "GetFlows whitelist in Hubble's JSON FlowFilter form: a"
            + " JSON array of filters, or filters separated by commas as the exporter's allowList takes them, e.g."
            + " [{\"verdict\":[\"DROPPED\"]},{\"source_pod\":[\"dev/\"]}]. A flow is sent when it matches any"
            + " (or the list is empty). Empty: everything.";
    public static final String GRPC_DENY_FILTERS_CONFIG = "grpc.deny.filters";
    public static final String GRPC_DENY_FILTERS_DOC = "GetFlows blacklist in the same JSON form: flows matching"
            + " any of these are not sent. Empty: none.";
    public static final String GRPC_FIELD_MASK_CONFIG = "grpc.field.mask";
    public static final String GRPC_FIELD_MASK_DOC = "Flow paths (proto names, e.g. time,uuid,verdict,IP,l4,source,"
            + "destination,node_name,is_reply,event_type,l7) the server keeps; empty: whole flows. Leaving out"
            + " fields the policy engine reads changes verdicts.";
    public static final String GRPC_INITIAL_LOOKBACK_MS_CONFIG = "grpc.initial.lookback.ms";
    public static final String GRPC_INITIAL_LOOKBACK_MS_DOC = "On the very first start (no source offset yet):"
            + " also fetch the flows of this many milliseconds before now that Hubble still holds in its ring"
            + " buffer; 0: only new flows. Later starts resume from the offset.";
    public static final String GRPC_RESUME_OVERLAP_MS_CONFIG = "grpc.resume.overlap.ms";
    public static final String GRPC_RESUME_OVERLAP_MS_DOC = "On resume, ask for flows from this many milliseconds"
            + " before the last flow delivered. Relay merges its nodes' streams only nearly in time order, so a"
            + " small overlap trades duplicates for flows a lagging node sent late; 0: resume exactly at the last"
            + " flow, whose uuid is skipped.";
    public static final String GRPC_BACKOFF_INITIAL_MS_CONFIG = "grpc.reconnect.backoff.initial.ms";
    public static final String GRPC_BACKOFF_INITIAL_MS_DOC = "First wait before reconnecting after the stream"
            + " failed or ended, in milliseconds; doubles per consecutive failure, with jitter.";
    public static final String GRPC_BACKOFF_MAX_MS_CONFIG = "grpc.reconnect.backoff.max.ms";
    public static final String GRPC_BACKOFF_MAX_MS_DOC = "Longest wait between reconnect attempts, in milliseconds.";
    public static final String GRPC_MAX_MESSAGE_BYTES_CONFIG = "grpc.max.inbound.message.bytes";
    public static final String GRPC_MAX_MESSAGE_BYTES_DOC = "Largest GetFlowsResponse accepted, in bytes (flows with"
            + " many labels and headers run to several KB).";
    public static final String GRPC_QUEUE_CAPACITY_CONFIG = "grpc.queue.capacity";
    public static final String GRPC_QUEUE_CAPACITY_DOC = "Flows converted and waiting for the worker, shared by the"
            + " task's targets; when it is nearly full the streams stop asking for more and gRPC flow control holds"
            + " the server back.";

    public static final String FILE_PATHS_CONFIG = "file.paths";
    public static final String FILE_PATHS_DOC = "Hubble exporter files to tail, e.g."
            + " /var/run/cilium/hubble/events.log. Each path is followed by name through rotation (the old file is"
            + " read to its end, then the new one from its start); the source offset is file and byte position.";
    public static final String FILE_START_CONFIG = "file.start.position";
    public static final String FILE_START_DOC = "Where to start in a file that has no source offset yet:"
            + " 'beginning' reads what it already holds, 'end' only what is appended later.";
    public static final String FILE_MAX_LINE_BYTES_CONFIG = "file.max.line.bytes";
    public static final String FILE_MAX_LINE_BYTES_DOC = "Longest line accepted, in bytes; a longer one is skipped"
            + " and counted as bad.";

    private static final ConfigDef CONFIG = configDef();

    /**
     * @param originals the connector or task properties
     * @throws ConfigException when a value is invalid
     */
    public HubbleSourceConnectorConfig(Map<?, ?> originals) {
        super(CONFIG, originals);
    }

    /** Every key, with the serde keys of {@link SerdeConfig}. */
    public static ConfigDef configDef() {
        ConfigDef def = new ConfigDef(SerdeConfig.configDef());
        int order = 0;
        def.define(MODE_CONFIG, Type.STRING, MODE_GRPC, Validators.oneOf(MODE_GRPC, MODE_FILE), Importance.HIGH,
                        MODE_DOC, GROUP_COMMON, ++order, Width.SHORT, "Mode")
                .define(TOPIC_CONFIG, Type.STRING, Topics.FLOWS, new ConfigDef.NonEmptyString(), Importance.HIGH,
                        TOPIC_DOC, GROUP_COMMON, ++order, Width.MEDIUM, "Topic")
                .define(POLL_MAX_RECORDS_CONFIG, Type.INT, 2000, Range.between(1, 1_000_000), Importance.LOW,
                        POLL_MAX_RECORDS_DOC, GROUP_COMMON, ++order, Width.SHORT, "Records per poll")
                .define(POLL_TIMEOUT_MS_CONFIG, Type.INT, 200, Range.between(1, 60_000), Importance.LOW,
                        POLL_TIMEOUT_MS_DOC, GROUP_COMMON, ++order, Width.SHORT, "Poll timeout (ms)");
        order = 0;
        def.define(GRPC_TARGETS_CONFIG, Type.LIST, List.of("localhost:4245"), Validators.nonBlankElements(),
                        Importance.HIGH, GRPC_TARGETS_DOC, GROUP_GRPC, ++order, Width.LONG, "Targets")
                .define(GRPC_PLAINTEXT_CONFIG, Type.BOOLEAN, false, Importance.HIGH, GRPC_PLAINTEXT_DOC,
                        GROUP_GRPC, ++order, Width.SHORT, "Plaintext")
                .define(GRPC_ALLOW_FILTERS_CONFIG, Type.STRING, "", filterValidator(), Importance.MEDIUM,
                        GRPC_ALLOW_FILTERS_DOC, GROUP_GRPC, ++order, Width.LONG, "Allow filters")
                .define(GRPC_DENY_FILTERS_CONFIG, Type.STRING, "", filterValidator(), Importance.MEDIUM,
                        GRPC_DENY_FILTERS_DOC, GROUP_GRPC, ++order, Width.LONG, "Deny filters")
                .define(GRPC_FIELD_MASK_CONFIG, Type.LIST, List.of(), Validators.nonBlankElements(), Importance.LOW,
                        GRPC_FIELD_MASK_DOC, GROUP_GRPC, ++order, Width.LONG, "Field mask")
                .define(GRPC_INITIAL_LOOKBACK_MS_CONFIG, Type.LONG, 0L, Range.atLeast(0), Importance.MEDIUM,
                        GRPC_INITIAL_LOOKBACK_MS_DOC, GROUP_GRPC, ++order, Width.SHORT, "Initial lookback (ms)")
                .define(GRPC_RESUME_OVERLAP_MS_CONFIG, Type.LONG, 0L, Range.atLeast(0), Importance.LOW,
                        GRPC_RESUME_OVERLAP_MS_DOC, GROUP_GRPC, ++order, Width.SHORT, "Resume overlap (ms)")
                .define(GRPC_BACKOFF_INITIAL_MS_CONFIG, Type.LONG, 500L, Range.between(1, 3_600_000),
                        Importance.LOW, GRPC_BACKOFF_INITIAL_MS_DOC, GROUP_GRPC, ++order, Width.SHORT,
                        "Reconnect backoff, first (ms)")
                .define(GRPC_BACKOFF_MAX_MS_CONFIG, Type.LONG, 30_000L, Range.between(1, 3_600_000), Importance.LOW,
                        GRPC_BACKOFF_MAX_MS_DOC, GROUP_GRPC, ++order, Width.SHORT, "Reconnect backoff, max (ms)")
                .define(GRPC_MAX_MESSAGE_BYTES_CONFIG, Type.INT, 16 << 20, Range.between(1 << 16, 1 << 30),
                        Importance.LOW, GRPC_MAX_MESSAGE_BYTES_DOC, GROUP_GRPC, ++order, Width.SHORT,
                        "Max message size")
                .define(GRPC_QUEUE_CAPACITY_CONFIG, Type.INT, 20_000, Range.between(1_000, 10_000_000), Importance.LOW,
                        GRPC_QUEUE_CAPACITY_DOC, GROUP_GRPC, ++order, Width.SHORT, "Queue capacity");
        order = 0;
        def.define(GRPC_TLS_CA_FILE_CONFIG, Type.STRING, "", Validators.readableFile(), Importance.MEDIUM,
                        GRPC_TLS_CA_FILE_DOC, GROUP_TLS, ++order, Width.LONG, "CA file")
                .define(GRPC_TLS_CERT_FILE_CONFIG, Type.STRING, "", Validators.readableFile(), Importance.MEDIUM,
                        GRPC_TLS_CERT_FILE_DOC, GROUP_TLS, ++order, Width.LONG, "Client certificate file")
                .define(GRPC_TLS_KEY_FILE_CONFIG, Type.STRING, "", Validators.readableFile(), Importance.MEDIUM,
                        GRPC_TLS_KEY_FILE_DOC, GROUP_TLS, ++order, Width.LONG, "Client key file")
                .define(GRPC_TLS_SERVER_NAME_CONFIG, Type.STRING, "", Importance.MEDIUM, GRPC_TLS_SERVER_NAME_DOC,
                        GROUP_TLS, ++order, Width.MEDIUM, "Server name");
        order = 0;
        def.define(FILE_PATHS_CONFIG, Type.LIST, List.of(), Validators.nonBlankElements(), Importance.HIGH,
                        FILE_PATHS_DOC, GROUP_FILE, ++order, Width.LONG, "Files")
                .define(FILE_START_CONFIG, Type.STRING, START_BEGINNING, Validators.oneOf(START_BEGINNING,
                        START_END), Importance.MEDIUM, FILE_START_DOC, GROUP_FILE, ++order, Width.SHORT,
                        "Start position")
                .define(FILE_MAX_LINE_BYTES_CONFIG, Type.INT, 16 << 20, Range.between(1024, 1 << 30),
                        Importance.LOW, FILE_MAX_LINE_BYTES_DOC, GROUP_FILE, ++order, Width.SHORT, "Max line size");
        return def;
    }

    /**
     * The problems no single key's validator can see, as {@code key -> message}; empty when the configuration
     * is complete for its mode.
     */
    public static Map<String, List<String>> problems(Map<String, String> props) {
        Map<String, List<String>> problems = new java.util.LinkedHashMap<>();
        // keys with invalid values are left to their own validators: check the rest with those at their defaults
        Map<String, String> usable = new java.util.HashMap<>(props);
        for (org.apache.kafka.common.config.ConfigValue value : CONFIG.validate(props)) {
            if (!value.errorMessages().isEmpty()) {
                usable.remove(value.name());
            }
        }
        HubbleSourceConnectorConfig config = new HubbleSourceConnectorConfig(usable);
        if (config.isGrpc()) {
            if (config.grpcTargets().isEmpty()) {
                add(problems, GRPC_TARGETS_CONFIG, "grpc mode needs at least one target");
            }
            boolean cert = !config.getString(GRPC_TLS_CERT_FILE_CONFIG).isBlank();
            boolean key = !config.getString(GRPC_TLS_KEY_FILE_CONFIG).isBlank();
            if (cert != key) {
                add(problems, cert ? GRPC_TLS_KEY_FILE_CONFIG : GRPC_TLS_CERT_FILE_CONFIG,
                        GRPC_TLS_CERT_FILE_CONFIG + " and " + GRPC_TLS_KEY_FILE_CONFIG + " go together");
            }
            if (config.getLong(GRPC_BACKOFF_MAX_MS_CONFIG) < config.getLong(GRPC_BACKOFF_INITIAL_MS_CONFIG)) {
                add(problems, GRPC_BACKOFF_MAX_MS_CONFIG, "must be at least " + GRPC_BACKOFF_INITIAL_MS_CONFIG);
            }
        } else if (config.filePaths().isEmpty()) {
            add(problems, FILE_PATHS_CONFIG, "file mode needs at least one file");
        }
        return problems;
    }

    /** Throws one {@link ConfigException} listing every problem of {@link #problems(Map)}, if any. */
    public static void requireComplete(Map<String, String> props) {
        Map<String, List<String>> problems = problems(props);
        if (!problems.isEmpty()) {
            List<String> lines = new ArrayList<>();
            problems.forEach((key, messages) -> messages.forEach(m -> lines.add(key + ": " + m)));
            throw new ConfigException("Invalid Hubble source configuration: " + String.join("; ", lines));
        }
    }

    private static void add(Map<String, List<String>> problems, String key, String message) {
        problems.computeIfAbsent(key, k -> new ArrayList<>()).add(message);
    }

    public boolean isGrpc() {
        return MODE_GRPC.equals(getString(MODE_CONFIG).toLowerCase(Locale.ROOT));
    }

    public String topic() {
        return getString(TOPIC_CONFIG);
    }

    public List<String> grpcTargets() {
        return getList(GRPC_TARGETS_CONFIG);
    }

    public List<String> filePaths() {
        return getList(FILE_PATHS_CONFIG);
    }

    public List<FlowFilter> allowFilters() {
        return FlowFilters.parse(getString(GRPC_ALLOW_FILTERS_CONFIG));
    }

    public List<FlowFilter> denyFilters() {
        return FlowFilters.parse(getString(GRPC_DENY_FILTERS_CONFIG));
    }

    public boolean startAtEnd() {
        return START_END.equals(getString(FILE_START_CONFIG).toLowerCase(Locale.ROOT));
    }

    private static ConfigDef.Validator filterValidator() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                try {
                    FlowFilters.parse(value == null ? "" : value.toString());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }

            @Override
            public String toString() {
                return "JSON FlowFilter list";
            }
        };
    }

    /** Prints the configuration table (HTML) for the docs. */
    public static void main(String[] args) {
        System.out.println(CONFIG.toHtml());
    }
}
