package io.flowaudit.flow.hubble;

import java.util.Arrays;

/**
 * Turns character ranges into {@link String}s, reusing the instance made last time for the same text.
 *
 * <p>Hubble repeats the same labels, namespaces, pod and node names in nearly every line, so a small
 * direct-mapped table (a collision simply replaces the older entry) saves most allocations and lets many
 * parsed flows share their strings. Each entry keeps its characters too, because comparing two
 * {@code char[]} ranges is much faster than comparing a {@code String} char by char. Long strings are not
 * pooled. Not thread-safe.
 */
final class StringPool {
    /** Longer strings (URLs, header values) rarely repeat exactly; they are copied, never pooled. */
    static final int MAX_POOLED_LENGTH = 256;

    private final String[] strings;
    private final char[][] texts;
    private final int mask;

    /**
     * @param capacity number of slots, rounded up to a power of two
     */
    StringPool(int capacity) {
        int size = Integer.highestOneBit(Math.max(16, capacity - 1)) << 1;
        this.strings = new String[size];
        this.texts = new char[size][];
        this.mask = size - 1;
    }

    /** Returns a string with the characters {@code chars[offset, offset + length)}. */
    String intern(char[] chars, int offset, int length) {
        if (length == 0) {
            return "";
        }
        if (length > MAX_POOLED_LENGTH) {
            return new String(chars, offset, length);
        }
        int hash = hash(chars, offset, length);
        int slot = (hash ^ (hash >>> 16)) & mask;
        char[] text = texts[slot];
        if (text != null && text.length == length
                && Arrays.equals(text, 0, length, chars, offset, offset + length)) {
            return strings[slot];
        }
        String made = new String(chars, offset, length);
        strings[slot] = made;
        texts[slot] = Arrays.copyOfRange(chars, offset, offset + length);
        return made;
    }

    /**
     * A hash of the length, the first four and last eight characters and four samples in between: equal text has
     * an equal hash, and the strings Hubble repeats (labels that share long prefixes, pod names, addresses)
     * differ at their ends. A collision costs only a fresh string, so sampling beats hashing every character.
     */
    private static int hash(char[] chars, int offset, int length) {
        int end = offset + length;
        if (length <= 16) {
            int h = length;
            for (int i = offset; i < end; i++) {
                h = 31 * h + chars[i];
            }
            return h;
        }
        int h = length;
        for (int i = offset; i < offset + 4; i++) {
            h = 31 * h + chars[i];
        }
        int step = (length - 12) / 5;
        for (int i = 1; i <= 4; i++) {
            h = 31 * h + chars[offset + 4 + i * step];
        }
        for (int i = end - 8; i < end; i++) {
            h = 31 * h + chars[i];
        }
        return h;
    }
}
