package io.flowaudit.flow.hubble;

import java.util.Arrays;
import java.util.List;

/**
 * Immutable {@code List<String>}s keyed by their content, so identical label lists (one per identity, repeated in
 * every flow of that identity) are one shared list rather than a new one per flow.
 *
 * <p>Keyed by the full content, not by identity number, so a stream mixing clusters can never get another
 * endpoint's labels. The items usually come from a {@link StringPool}, so comparing them is mostly a reference
 * check. Direct-mapped: a collision replaces the older entry. Not thread-safe.
 */
final class StringListCache {
    private final List<String>[] lists;
    private final String[][] items;
    private final int mask;

    @SuppressWarnings("unchecked")
    StringListCache(int capacity) {
        int size = Integer.highestOneBit(Math.max(16, capacity - 1)) << 1;
        this.lists = (List<String>[]) new List<?>[size];
        this.items = new String[size][];
        this.mask = size - 1;
    }

    /** Returns an immutable list equal to {@code values[0, count)}. */
    List<String> listOf(String[] values, int count) {
        if (count == 0) {
            return List.of();
        }
        int hash = count;
        for (int i = 0; i < count; i++) {
            hash = 31 * hash + values[i].hashCode();
        }
        int slot = (hash ^ (hash >>> 16)) & mask;
        String[] cached = items[slot];
        if (cached != null && sameItems(cached, values, count)) {
            return lists[slot];
        }
        String[] copy = Arrays.copyOf(values, count);
        List<String> made = List.of(copy);
        lists[slot] = made;
        items[slot] = copy;
        return made;
    }

    private static boolean sameItems(String[] cached, String[] values, int count) {
        if (cached.length != count) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            String a = cached[i];
            String b = values[i];
            if (a != b && !a.equals(b)) {
                return false;
            }
        }
        return true;
    }
}
