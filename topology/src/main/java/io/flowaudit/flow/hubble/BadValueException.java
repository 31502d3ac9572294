package io.flowaudit.flow.hubble;

/**
 * A JSON value of the wrong type or out of range inside an otherwise well-formed line.
 *
 * <p>Thrown and caught inside one line's parse only, where it becomes a bad line; no stack trace is filled in
 * because a stream of bad lines must not cost a stack walk each.
 */
final class BadValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadValueException(String message) {
        super(message, null, false, false);
    }
}
