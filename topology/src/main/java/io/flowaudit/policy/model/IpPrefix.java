package io.flowaudit.policy.model;

import java.util.Optional;

/** A CIDR prefix; a bare address means /32 or /128 (R31). */
public record IpPrefix(IpAddress address, int length) {

    public boolean contains(IpAddress ip) {
        if (ip.family() != address.family()) {
            return false;
        }
        if (address.family() == 4) {
            long mask = length == 0 ? 0 : (0xFFFFFFFFL << (32 - length)) & 0xFFFFFFFFL;
            return (ip.lo() & mask) == (address.lo() & mask);
        }
        if (length <= 64) {
            long mask = length == 0 ? 0 : -1L << (64 - length);
            return (ip.hi() & mask) == (address.hi() & mask);
        }
        long mask = -1L << (128 - length);
        return ip.hi() == address.hi() && (ip.lo() & mask) == (address.lo() & mask);
    }

    /** True when every address of {@code other} is inside this prefix. */
    public boolean covers(IpPrefix other) {
        return other.length >= length && contains(other.address);
    }

    /**
     * Parses {@code 10.0.0.0/8}, {@code 2001:db8::/32} or a bare address. Host bits are allowed and ignored,
     * as Go's {@code net.ParseCIDR} masks them.
     */
    public static Optional<IpPrefix> parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        Optional<IpAddress> ip = IpAddress.parse(slash >= 0 ? t.substring(0, slash) : t);
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        int len = ip.get().bits();
        if (slash >= 0) {
            String l = t.substring(slash + 1);
            if (l.isEmpty() || l.length() > 3 || !l.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            len = Integer.parseInt(l);
            if (len > ip.get().bits()) {
                return Optional.empty();
            }
        }
        return Optional.of(new IpPrefix(ip.get(), len));
    }

    /**
     * Parses a Hubble {@code cidr:} label value; IPv6 labels spell {@code :} as {@code -}
     * ({@code 2001-db8--0/32}).
     */
    public static Optional<IpPrefix> parseLabel(String label) {
        Optional<IpPrefix> direct = parse(label);
        if (direct.isPresent() || label.indexOf('-') < 0) {
            return direct;
        }
        return parse(label.replace('-', ':'));
    }

    @Override
    public String toString() {
        return address + "/" + length;
    }
}
