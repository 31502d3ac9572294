package io.flowaudit.policy.compile;

import java.util.BitSet;

/**
 * The set of elements whose peer part selects a given peer (by identity, and by address for CIDR/FQDN
 * peers). Peers with equal sets share port tables.
 *
 * @param localHost the peer is the subject's own node (R26)
 */
record PeerClass(int id, BitSet elements, boolean localHost) {
}
