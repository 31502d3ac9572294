package io.flowaudit.schemas.serde;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Configuration of flowaudit's Avro serdes and of the schema-registry client.
 *
 * <p>The keys are the ones Confluent-compatible clients use, so the same properties file configures flowaudit,
 * Kafka Streams and any registry-aware consumer. They are read from whatever map the serde is configured with
 * (typically the whole Streams configuration); other keys are ignored. Secrets are held as Kafka
 * {@link Password}s, whose {@code toString()} is {@value Password#HIDDEN}, and this class never logs its values.
 */
public final class SerdeConfig extends AbstractConfig {

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    public static final String SCHEMA_REGISTRY_URL_DOC = "Comma-separated base URLs of a Confluent-compatible schema"
            + " registry (http or https; a path prefix is kept). When set, records are written in the registry wire"
            + " format (magic byte 0, 4-byte big-endian schema id, Avro binary) with schemas under the subjects"
            + " <topic>-value and <topic>-key, so any registry-aware consumer can read them. When empty, records use"
            + " Avro single-object encoding, which needs no server. The URLs are tried in order when one cannot be"
            + " reached. Credentials in a URL (https://user:password@host) are used only when "
            + "basic.auth.credentials.source is URL and are never sent as part of the URL.";

    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
    public static final String AUTO_REGISTER_SCHEMAS_DOC = "Whether a serializer registers its record schema under the"
            + " topic's subject (POST /subjects/{subject}/versions). When false it only looks the schema up"
            + " (POST /subjects/{subject}) and fails if it is not registered, for registries where schemas are"
            + " registered by a deployment pipeline and clients may only read.";

    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_DOC = "Where the HTTP basic-auth credentials for the"
            + " registry come from: USER_INFO (the basic.auth.user.info setting) or URL (the user info of"
            + " schema.registry.url). When unset: USER_INFO if basic.auth.user.info is set, else URL if a URL carries"
            + " user info, else no authentication.";
    public static final String CREDENTIALS_SOURCE_USER_INFO = "USER_INFO";
    public static final String CREDENTIALS_SOURCE_URL = "URL";

    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
    public static final String BASIC_AUTH_USER_INFO_DOC = "HTTP basic-auth credentials for the registry, as"
            + " user:password (for Confluent Cloud: API key:API secret). Sent as an Authorization: Basic header on"
            + " every request; never logged.";

    public static final String SSL_TRUSTSTORE_LOCATION_CONFIG = "schema.registry.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_LOCATION_DOC = "Trust store with the certificates (or CAs) that the"
            + " registry's TLS certificate must chain to. When unset, the JVM's default trust store is used.";
    public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = "schema.registry.ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_PASSWORD_DOC = "Password of the trust store; may be unset for a"
            + " PKCS12 trust store without integrity password.";
    public static final String SSL_TRUSTSTORE_TYPE_CONFIG = "schema.registry.ssl.truststore.type";
    public static final String SSL_TRUSTSTORE_TYPE_DOC = "Format of the trust store file: JKS or PKCS12 (the JDK's"
            + " JKS loader also reads PKCS12 files).";

    public static final String SSL_KEYSTORE_LOCATION_CONFIG = "schema.registry.ssl.keystore.location";
    public static final String SSL_KEYSTORE_LOCATION_DOC = "Key store with the client certificate and private key,"
            + " for registries that require mutual TLS. When unset, no client certificate is presented.";
    public static final String SSL_KEYSTORE_PASSWORD_CONFIG = "schema.registry.ssl.keystore.password";
    public static final String SSL_KEYSTORE_PASSWORD_DOC = "Password of the key store.";
    public static final String SSL_KEYSTORE_TYPE_CONFIG = "schema.registry.ssl.keystore.type";
    public static final String SSL_KEYSTORE_TYPE_DOC = "Format of the key store file: JKS or PKCS12.";
    public static final String SSL_KEY_PASSWORD_CONFIG = "schema.registry.ssl.key.password";
    public static final String SSL_KEY_PASSWORD_DOC = "Password of the private key in the key store; defaults to the"
            + " key store password.";

    public static final String HTTP_CONNECT_TIMEOUT_MS_CONFIG = "http.connect.timeout.ms";
    public static final String HTTP_CONNECT_TIMEOUT_MS_DOC = "How long to wait for a TCP (and TLS) connection to a"
            + " registry URL before trying the next one, in milliseconds.";
    public static final String HTTP_READ_TIMEOUT_MS_CONFIG = "http.read.timeout.ms";
    public static final String HTTP_READ_TIMEOUT_MS_DOC = "How long to wait for a registry response, in"
            + " milliseconds. A serializer blocks this long at most on a cache miss, which happens once per schema"
            + " and topic; keep it well below the Streams max.poll.interval.ms.";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(SCHEMA_REGISTRY_URL_CONFIG, Type.LIST, List.of(), Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
            .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, AUTO_REGISTER_SCHEMAS_DOC)
            .define(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, Type.STRING, null,
                    ConfigDef.LambdaValidator.with(SerdeConfig::validateCredentialsSource,
                            () -> "[" + CREDENTIALS_SOURCE_USER_INFO + ", " + CREDENTIALS_SOURCE_URL + "]"),
                    Importance.MEDIUM, BASIC_AUTH_CREDENTIALS_SOURCE_DOC)
            .define(BASIC_AUTH_USER_INFO_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, BASIC_AUTH_USER_INFO_DOC)
            .define(SSL_TRUSTSTORE_LOCATION_CONFIG, Type.STRING, null, Importance.MEDIUM, SSL_TRUSTSTORE_LOCATION_DOC)
            .define(SSL_TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, SSL_TRUSTSTORE_PASSWORD_DOC)
            .define(SSL_TRUSTSTORE_TYPE_CONFIG, Type.STRING, "JKS", Importance.LOW, SSL_TRUSTSTORE_TYPE_DOC)
            .define(SSL_KEYSTORE_LOCATION_CONFIG, Type.STRING, null, Importance.MEDIUM, SSL_KEYSTORE_LOCATION_DOC)
            .define(SSL_KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, SSL_KEYSTORE_PASSWORD_DOC)
            .define(SSL_KEYSTORE_TYPE_CONFIG, Type.STRING, "JKS", Importance.LOW, SSL_KEYSTORE_TYPE_DOC)
            .define(SSL_KEY_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.LOW, SSL_KEY_PASSWORD_DOC)
            .define(HTTP_CONNECT_TIMEOUT_MS_CONFIG, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    HTTP_CONNECT_TIMEOUT_MS_DOC)
            .define(HTTP_READ_TIMEOUT_MS_CONFIG, Type.INT, 30_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    HTTP_READ_TIMEOUT_MS_DOC);

    /**
     * Reads the serde settings out of {@code originals}; keys this class does not define are ignored, so a whole
     * Streams or producer configuration may be passed.
     *
     * @throws ConfigException naming the key when a value has the wrong type or is out of range
     */
    public SerdeConfig(Map<?, ?> originals) {
        // doLog=false: AbstractConfig would print every value at INFO for every serde instance.
        super(CONFIG, originals, false);
    }

    /** A copy of the definitions, e.g. for {@code toHtml()} or {@code toRst()} in the documentation. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /** Whether {@value #SCHEMA_REGISTRY_URL_CONFIG} names at least one registry. */
    public boolean hasRegistry() {
        return !urlEntries().isEmpty();
    }

    /**
     * The registry base URLs as written, user info included.
     *
     * @throws ConfigException when an entry is not an absolute http or https URL with a host; the message
     *         names the entry's position, never its text, because the text may hold a password
     */
    public List<URI> registryUrls() {
        List<String> entries = urlEntries();
        List<URI> urls = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            urls.add(parseUrl(entries.get(i), i + 1));
        }
        return List.copyOf(urls);
    }

    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG);
    }

    /** {@value #CREDENTIALS_SOURCE_USER_INFO} or {@value #CREDENTIALS_SOURCE_URL}, empty when not set. */
    public Optional<String> credentialsSource() {
        return Optional.ofNullable(getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG))
                .map(source -> source.trim().toUpperCase(Locale.ROOT));
    }

    public Optional<Password> basicAuthUserInfo() {
        return Optional.ofNullable(getPassword(BASIC_AUTH_USER_INFO_CONFIG));
    }

    public int connectTimeoutMs() {
        return getInt(HTTP_CONNECT_TIMEOUT_MS_CONFIG);
    }

    public int readTimeoutMs() {
        return getInt(HTTP_READ_TIMEOUT_MS_CONFIG);
    }

    private List<String> urlEntries() {
        return getList(SCHEMA_REGISTRY_URL_CONFIG).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static URI parseUrl(String text, int position) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            // getReason() leaves the input out; getMessage() would repeat it, password and all.
            throw new ConfigException(SCHEMA_REGISTRY_URL_CONFIG + ": entry " + position + " is not a URL ("
                    + e.getReason() + " at index " + e.getIndex() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ConfigException(SCHEMA_REGISTRY_URL_CONFIG + ": entry " + position
                    + " must be an http or https URL, e.g. http://localhost:8081");
        }
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ConfigException(SCHEMA_REGISTRY_URL_CONFIG + ": entry " + position
                    + " must have a host and no query or fragment, e.g. https://registry.example.com:8081");
        }
        return uri;
    }

    private static void validateCredentialsSource(String name, Object value) {
        if (value == null) {
            return;
        }
        String source = value.toString().trim().toUpperCase(Locale.ROOT);
        if (!source.equals(CREDENTIALS_SOURCE_USER_INFO) && !source.equals(CREDENTIALS_SOURCE_URL)) {
            throw new ConfigException(name, value, "supported sources are " + CREDENTIALS_SOURCE_USER_INFO + " and "
                    + CREDENTIALS_SOURCE_URL + " (SASL_INHERIT is not supported)");
        }
    }
}
