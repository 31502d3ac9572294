package io.flowaudit.flow.hubble;

/**
 * How a {@link HubbleJsonReader} treats bad lines.
 *
 * @param strict when true, the first bad line ends the read with a {@link HubbleFormatException}; when false
 *               bad lines are reported as {@link ReadEvent.BadLine} and reading goes on
 */
public record ReadOptions(boolean strict) {
    /** Report bad lines and go on. */
    public static ReadOptions lenient() {
        return new ReadOptions(false);
    }

    /** Stop at the first bad line. */
    public static ReadOptions strictMode() {
        return new ReadOptions(true);
    }
}
