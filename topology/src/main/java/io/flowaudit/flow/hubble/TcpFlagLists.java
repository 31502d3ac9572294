package io.flowaudit.flow.hubble;

import java.util.ArrayList;
import java.util.List;

/**
 * The list of TCP flag names for each combination of Hubble's nine {@code TCPFlags} booleans, built once, so a
 * flow's flags are a shared list in declaration order ({@code FIN SYN RST PSH ACK URG ECE CWR NS}) whatever
 * order the JSON keys came in.
 */
final class TcpFlagLists {
    static final List<String> NAMES = List.of("FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "NS");

    private static final List<List<String>> BY_MASK = allCombinations();

    private TcpFlagLists() {
    }

    /** The bit of a flag key, or 0 when {@code name} is not a flag. */
    static int bitOf(String name) {
        int index = NAMES.indexOf(name);
        return index < 0 ? 0 : 1 << index;
    }

    /** The flag names whose bits are set in {@code mask}. */
    static List<String> namesOf(int mask) {
        return BY_MASK.get(mask);
    }

    private static List<List<String>> allCombinations() {
        List<List<String>> lists = new ArrayList<>(1 << NAMES.size());
        for (int mask = 0; mask < 1 << NAMES.size(); mask++) {
            List<String> names = new ArrayList<>();
            for (int bit = 0; bit < NAMES.size(); bit++) {
                if ((mask & 1 << bit) != 0) {
                    names.add(NAMES.get(bit));
                }
            }
            lists.add(List.copyOf(names));
        }
        return List.copyOf(lists);
    }
}
