package io.flowaudit.flow.hubble;

import java.util.HashMap;
import java.util.Map;

/**
 * Names of Hubble's {@code flow.DropReason} codes (Cilium v1.19.4), for lines that carry only the numeric
 * {@code drop_reason}, or a {@code drop_reason_desc} number that a newer writer did not know by name.
 *
 * <p>Codes below 130 are not drops; 0 is {@code DROP_REASON_UNKNOWN}, which the reader treats as "no drop reason".
 * A code missing here (added by a later Cilium) is kept as its decimal text.
 */
final class DropReasons {
    private static final Map<Integer, String> NAMES = names();

    private DropReasons() {
    }

    /** Returns the name of {@code code}, its decimal text when unknown, or "" for 0. */
    static String nameOf(long code) {
        if (code == 0) {
            return "";
        }
        String name = code <= Integer.MAX_VALUE ? NAMES.get((int) code) : null;
        return name != null ? name : Long.toString(code);
    }

    private static Map<Integer, String> names() {
        Map<Integer, String> names = new HashMap<>();
        names.put(130, "INVALID_SOURCE_MAC");
        names.put(131, "INVALID_DESTINATION_MAC");
        names.put(132, "INVALID_SOURCE_IP");
        names.put(133, "POLICY_DENIED");
        names.put(134, "INVALID_PACKET_DROPPED");
        names.put(135, "CT_TRUNCATED_OR_INVALID_HEADER");
        names.put(136, "CT_MISSING_TCP_ACK_FLAG");
        names.put(137, "CT_UNKNOWN_L4_PROTOCOL");
        names.put(138, "CT_CANNOT_CREATE_ENTRY_FROM_PACKET");
        names.put(139, "UNSUPPORTED_L3_PROTOCOL");
        names.put(140, "MISSED_TAIL_CALL");
        names.put(141, "ERROR_WRITING_TO_PACKET");
        names.put(142, "UNKNOWN_L4_PROTOCOL");
        names.put(143, "UNKNOWN_ICMPV4_CODE");
        names.put(144, "UNKNOWN_ICMPV4_TYPE");
        names.put(145, "UNKNOWN_ICMPV6_CODE");
        names.put(146, "UNKNOWN_ICMPV6_TYPE");
        names.put(147, "ERROR_RETRIEVING_TUNNEL_KEY");
        names.put(148, "ERROR_RETRIEVING_TUNNEL_OPTIONS");
        names.put(149, "INVALID_GENEVE_OPTION");
        names.put(150, "UNKNOWN_L3_TARGET_ADDRESS");
        names.put(151, "STALE_OR_UNROUTABLE_IP");
        names.put(152, "NO_MATCHING_LOCAL_CONTAINER_FOUND");
        names.put(153, "ERROR_WHILE_CORRECTING_L3_CHECKSUM");
        names.put(154, "ERROR_WHILE_CORRECTING_L4_CHECKSUM");
        names.put(155, "CT_MAP_INSERTION_FAILED");
        names.put(156, "INVALID_IPV6_EXTENSION_HEADER");
        names.put(157, "IP_FRAGMENTATION_NOT_SUPPORTED");
        names.put(158, "SERVICE_BACKEND_NOT_FOUND");
        names.put(160, "NO_TUNNEL_OR_ENCAPSULATION_ENDPOINT");
        names.put(161, "FAILED_TO_INSERT_INTO_PROXYMAP");
        names.put(162, "REACHED_EDT_RATE_LIMITING_DROP_HORIZON");
        names.put(163, "UNKNOWN_CONNECTION_TRACKING_STATE");
        names.put(164, "LOCAL_HOST_IS_UNREACHABLE");
        names.put(165, "NO_CONFIGURATION_AVAILABLE_TO_PERFORM_POLICY_DECISION");
        names.put(166, "UNSUPPORTED_L2_PROTOCOL");
        names.put(167, "NO_MAPPING_FOR_NAT_MASQUERADE");
        names.put(168, "UNSUPPORTED_PROTOCOL_FOR_NAT_MASQUERADE");
        names.put(169, "FIB_LOOKUP_FAILED");
        names.put(170, "ENCAPSULATION_TRAFFIC_IS_PROHIBITED");
        names.put(171, "INVALID_IDENTITY");
        names.put(172, "UNKNOWN_SENDER");
        names.put(173, "NAT_NOT_NEEDED");
        names.put(174, "IS_A_CLUSTERIP");
        names.put(175, "FIRST_LOGICAL_DATAGRAM_FRAGMENT_NOT_FOUND");
        names.put(176, "FORBIDDEN_ICMPV6_MESSAGE");
        names.put(177, "DENIED_BY_LB_SRC_RANGE_CHECK");
        names.put(178, "SOCKET_LOOKUP_FAILED");
        names.put(179, "SOCKET_ASSIGN_FAILED");
        names.put(180, "PROXY_REDIRECTION_NOT_SUPPORTED_FOR_PROTOCOL");
        names.put(181, "POLICY_DENY");
        names.put(182, "VLAN_FILTERED");
        names.put(183, "INVALID_VNI");
        names.put(184, "INVALID_TC_BUFFER");
        names.put(185, "NO_SID");
        names.put(186, "MISSING_SRV6_STATE");
        names.put(187, "NAT46");
        names.put(188, "NAT64");
        names.put(189, "AUTH_REQUIRED");
        names.put(190, "CT_NO_MAP_FOUND");
        names.put(191, "SNAT_NO_MAP_FOUND");
        names.put(192, "INVALID_CLUSTER_ID");
        names.put(193, "UNSUPPORTED_PROTOCOL_FOR_DSR_ENCAP");
        names.put(194, "NO_EGRESS_GATEWAY");
        names.put(195, "UNENCRYPTED_TRAFFIC");
        names.put(196, "TTL_EXCEEDED");
        names.put(197, "NO_NODE_ID");
        names.put(198, "DROP_RATE_LIMITED");
        names.put(199, "IGMP_HANDLED");
        names.put(200, "IGMP_SUBSCRIBED");
        names.put(201, "MULTICAST_HANDLED");
        names.put(202, "DROP_HOST_NOT_READY");
        names.put(203, "DROP_EP_NOT_READY");
        names.put(204, "DROP_NO_EGRESS_IP");
        names.put(205, "DROP_PUNT_PROXY");
        return Map.copyOf(names);
    }
}
