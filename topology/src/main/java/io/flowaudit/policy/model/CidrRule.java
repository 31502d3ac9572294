package io.flowaudit.policy.model;

import java.util.List;

/**
 * One {@code toCIDR}/{@code fromCIDR} prefix or one {@code *CIDRSet} entry: matches an address inside
 * {@code cidr} and outside every {@code except} of this entry only (R31).
 */
public record CidrRule(IpPrefix cidr, List<IpPrefix> except) {
    public CidrRule {
        except = List.copyOf(except);
    }

    public boolean matches(IpAddress ip) {
        if (!cidr.contains(ip)) {
            return false;
        }
        for (IpPrefix e : except) {
            if (e.contains(ip)) {
                return false;
            }
        }
        return true;
    }
}
