package io.flowaudit.connect.siem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.flowaudit.schemas.avro.AlertType;
import io.flowaudit.schemas.avro.DecidingPolicy;
import io.flowaudit.schemas.avro.DirectionVerdict;
import io.flowaudit.schemas.avro.L4Protocol;
import io.flowaudit.schemas.avro.PeerSummary;
import io.flowaudit.schemas.avro.PolicyKind;
import io.flowaudit.schemas.avro.PolicyRef;
import io.flowaudit.schemas.avro.Verdict;

/** Small facts about alerts and verdicts that every output format shares. */
final class SiemEvents {

    static final String VENDOR = "flowaudit";
    static final String PRODUCT = "flowaudit";

    private SiemEvents() {
    }

    /** A short human title of an alert type (CEF Name, ECS event.action's words). */
    static String title(AlertType type) {
        switch (type) {
            case MISSING_DNS_RULE:
                return "Missing DNS rule";
            case MISSING_DNS_TCP:
                return "DNS over TCP not allowed";
            case MISSING_DNS_PROXY:
                return "DNS proxy rule missing";
            case DNS_NAME_GAP:
                return "toFQDNs name not covered by DNS rules";
            case DRIFT:
                return "Verdict drift";
            case POLICY_REJECTED:
                return "Policy rejected";
            case SELECTOR_MATCHES_NOTHING:
                return "Selector matches nothing";
            default:
                return "Other finding";
        }
    }

    /** The title of a denial. */
    static final String DENIAL_TITLE = "Flow denied by policy";

    /**
     * {@code Kind/namespace/name}, or {@code Kind/name} without a namespace: the key of the policy on the policies
     * topic. Lenient, unlike {@code Topics.policyKey}: a sink reports what it is given rather than failing.
     */
    static String policyKey(PolicyKind kind, String namespace, String name) {
        return namespace == null || namespace.isEmpty() ? kind.name() + "/" + name
                : kind.name() + "/" + namespace + "/" + name;
    }

    static String policyKey(PolicyRef ref) {
        return policyKey(ref.getKind(), ref.getNamespace(), ref.getName());
    }

    static String policyKey(DecidingPolicy policy) {
        return policyKey(policy.getKind(), policy.getNamespace(), policy.getName());
    }

    /** The distinct policy keys of a verdict's deciding policies, in order. */
    static List<String> decidingPolicyKeys(Verdict verdict) {
        Set<String> keys = new LinkedHashSet<>();
        for (DecidingPolicy policy : verdict.getDecidingPolicies()) {
            keys.add(policyKey(policy));
        }
        return new ArrayList<>(keys);
    }

    /** {@code namespace/pod}, the pod, the namespace, or empty, whichever the peer has. */
    static String podName(PeerSummary peer) {
        return join(peer.getNamespace(), peer.getPod());
    }

    /** {@code a/b}, or whichever of them is non-empty, or empty. */
    static String join(String first, String second) {
        boolean hasFirst = first != null && !first.isEmpty();
        boolean hasSecond = second != null && !second.isEmpty();
        if (hasFirst && hasSecond) {
            return first + "/" + second;
        }
        return hasFirst ? first : hasSecond ? second : "";
    }

    /** Which directions denied the flow: {@code egress}, {@code ingress}, {@code egress,ingress} or empty. */
    static String deniedDirections(Verdict verdict) {
        List<String> directions = new ArrayList<>(2);
        if (verdict.getEgress() == DirectionVerdict.DENIED) {
            directions.add("egress");
        }
        if (verdict.getIngress() == DirectionVerdict.DENIED) {
            directions.add("ingress");
        }
        return String.join(",", directions);
    }

    /** The flow time of a verdict. */
    static Instant flowTime(Verdict verdict) {
        long nanos = verdict.getFlowTimeNanos();
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** Whether {@code ip} is in textual IPv6 form. */
    static boolean isIpv6(String ip) {
        return ip.indexOf(':') >= 0;
    }

    /** IANA protocol number, or -1 for NONE. */
    static int ianaNumber(L4Protocol protocol) {
        switch (protocol) {
            case TCP:
                return 6;
            case UDP:
                return 17;
            case SCTP:
                return 132;
            case ICMPV4:
                return 1;
            case ICMPV6:
                return 58;
            case VRRP:
                return 112;
            case IGMP:
                return 2;
            default:
                return -1;
        }
    }

    /** IANA protocol keyword as CEF {@code proto} writes it (TCP, UDP, ICMP, IPv6-ICMP, ...); empty for NONE. */
    static String protocolName(L4Protocol protocol) {
        switch (protocol) {
            case TCP:
                return "TCP";
            case UDP:
                return "UDP";
            case SCTP:
                return "SCTP";
            case ICMPV4:
                return "ICMP";
            case ICMPV6:
                return "IPv6-ICMP";
            case VRRP:
                return "VRRP";
            case IGMP:
                return "IGMP";
            default:
                return "";
        }
    }
}
