package io.flowaudit.schemas.serde;

import java.util.Optional;

/**
 * A schema-registry request that failed: either the registry answered with an error (the HTTP status and the
 * {@code error_code} and {@code message} of its {@code {"error_code":…, "message":…}} body), or no answer
 * arrived at all ({@link #status()} is {@link #NO_RESPONSE}).
 *
 * <p>The message names the request (method and path) and the registry's base URL without credentials; it never
 * contains a password or an Authorization header.
 *
 * <p>Serdes wrap this exception in Kafka's {@code SerializationException}. A dead-letter handler should look for
 * it with {@link #findIn(Throwable)}: a {@linkplain #isRetriable() retriable} failure (registry unreachable,
 * 5xx, rate limited) says nothing about the record and must not send it to the dead-letter topic.
 */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** {@link #status()} when the registry could not be reached or did not answer in time. */
    public static final int NO_RESPONSE = -1;
    /** {@link #errorCode()} when the answer carried no registry error code (e.g. an HTML page from a proxy). */
    public static final int NO_ERROR_CODE = -1;

    /** Error code of 404 answers: the subject does not exist. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Error code of 404 answers: no schema with that id, or the schema is not registered under the subject. */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** Error code of 409 answers: the schema is incompatible with the subject's earlier versions. */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    /** Error code of 422 answers: the schema (or schema type) is invalid. */
    public static final int INVALID_SCHEMA = 42201;

    private final int status;
    private final int errorCode;
    private final String registryMessage;

    /**
     * @param message         the full description, naming the request and the registry
     * @param status          the HTTP status, or {@link #NO_RESPONSE}
     * @param errorCode       the body's {@code error_code}, or {@link #NO_ERROR_CODE}
     * @param registryMessage the body's {@code message} (or a short excerpt of a non-JSON body); may be null
     * @param cause           the I/O failure when there was no response; may be null
     */
    public SchemaRegistryException(String message, int status, int errorCode, String registryMessage,
            Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
        this.registryMessage = registryMessage;
    }

    /** The HTTP status of the registry's answer, or {@link #NO_RESPONSE}. */
    public int status() {
        return status;
    }

    /** The {@code error_code} of the registry's error body (e.g. {@value #SCHEMA_NOT_FOUND}), or
     * {@link #NO_ERROR_CODE}. */
    public int errorCode() {
        return errorCode;
    }

    /** The {@code message} of the registry's error body, e.g. {@code Schema not found}; may be null. */
    public String registryMessage() {
        return registryMessage;
    }

    /**
     * Whether trying again later may succeed: no response, request timeout (408), rate limit (429) or a server
     * error (5xx). Client errors (401, 403, 404, 409, 422) repeat until configuration or data change.
     */
    public boolean isRetriable() {
        return status == NO_RESPONSE || status == 408 || status == 429 || status >= 500;
    }

    /** The first {@code SchemaRegistryException} in {@code error}'s cause chain, if any. */
    public static Optional<SchemaRegistryException> findIn(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryException registryError) {
                return Optional.of(registryError);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }
}
