package io.flowaudit.flow.hubble;

/**
 * A Hubble JSON line that could not be read as a flow: thrown by a strict read at the first bad line, and by
 * {@link HubbleJsonReader#parseFlow} for input that is not a flow.
 */
public final class HubbleFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long lineNumber;
    private final String reason;

    /**
     * @param lineNumber 1-based line number, or 0 when the input was a single record without a line
     * @param reason what is wrong
     */
    public HubbleFormatException(long lineNumber, String reason) {
        super(lineNumber > 0 ? "line " + lineNumber + ": " + reason : reason);
        this.lineNumber = lineNumber;
        this.reason = reason;
    }

    /** The 1-based line number, or 0 when the input was a single record without a line. */
    public long lineNumber() {
        return lineNumber;
    }

    /** What is wrong, without the line number. */
    public String reason() {
        return reason;
    }
}
