package io.flowaudit.policy.model;

import java.util.Optional;

/**
 * An IPv4 or IPv6 address as two longs, parsed without {@link java.net.InetAddress} so a name can never
 * trigger a DNS lookup. IPv4 lives in the low 32 bits of {@link #lo()}.
 */
public record IpAddress(int family, long hi, long lo) {

    public boolean isV4() {
        return family == 4;
    }

    public int bits() {
        return family == 4 ? 32 : 128;
    }

    /** Bit {@code i} counted from the most significant end (0-based). */
    public int bit(int i) {
        if (family == 4) {
            return (int) ((lo >>> (31 - i)) & 1L);
        }
        return i < 64 ? (int) ((hi >>> (63 - i)) & 1L) : (int) ((lo >>> (127 - i)) & 1L);
    }

    public static Optional<IpAddress> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        return text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
    }

    private static Optional<IpAddress> parseV4(String s) {
        long value = 0;
        int octets = 0;
        int current = -1;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                current = (current < 0 ? 0 : current * 10) + (c - '0');
                if (current > 255) {
                    return Optional.empty();
                }
            } else if (c == '.') {
                if (current < 0 || octets == 4) {
                    return Optional.empty();
                }
                value = (value << 8) | current;
                octets++;
                current = -1;
            } else {
                return Optional.empty();
            }
        }
        return octets == 4 ? Optional.of(new IpAddress(4, 0, value)) : Optional.empty();
    }

    private static Optional<IpAddress> parseV6(String s) {
        int zone = s.indexOf('%');
        String text = zone >= 0 ? s.substring(0, zone) : s;
        int doubleColon = text.indexOf("::");
        if (doubleColon != text.lastIndexOf("::")) {
            return Optional.empty();
        }
        int[] groups = new int[8];
        String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
        String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
        int[] headGroups = groups(head);
        int[] tailGroups = groups(tail);
        if (headGroups == null || tailGroups == null) {
            return Optional.empty();
        }
        int total = headGroups.length + tailGroups.length;
        if (doubleColon < 0 ? total != 8 : total > 7) {
            return Optional.empty();
        }
        System.arraycopy(headGroups, 0, groups, 0, headGroups.length);
        System.arraycopy(tailGroups, 0, groups, 8 - tailGroups.length, tailGroups.length);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 4; i++) {
            hi = (hi << 16) | groups[i];
            lo = (lo << 16) | groups[i + 4];
        }
        return Optional.of(new IpAddress(6, hi, lo));
    }

    /** Hex groups of one side of "::"; an embedded dotted IPv4 tail counts as two groups. */
    private static int[] groups(String part) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] pieces = part.split(":", -1);
        int extra = pieces[pieces.length - 1].indexOf('.') >= 0 ? 1 : 0;
        int[] out = new int[pieces.length + extra];
        for (int i = 0; i < pieces.length; i++) {
            String p = pieces[i];
            if (i == pieces.length - 1 && extra == 1) {
                Optional<IpAddress> v4 = parseV4(p);
                if (v4.isEmpty()) {
                    return null;
                }
                out[i] = (int) (v4.get().lo() >>> 16);
                out[i + 1] = (int) (v4.get().lo() & 0xFFFF);
                continue;
            }
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            int v = 0;
            for (int j = 0; j < p.length(); j++) {
                int d = Character.digit(p.charAt(j), 16);
                if (d < 0) {
                    return null;
                }
                v = v * 16 + d;
            }
            out[i] = v;
        }
        return out;
    }

    @Override
    public String toString() {
        if (family == 4) {
            return ((lo >>> 24) & 255) + "." + ((lo >>> 16) & 255) + "." + ((lo >>> 8) & 255) + "." + (lo & 255);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            long word = i < 4 ? hi : lo;
            int shift = 48 - 16 * (i % 4);
            if (i > 0) {
                sb.append(':');
            }
            sb.append(Long.toHexString((word >>> shift) & 0xFFFF));
        }
        return sb.toString();
    }
}
