package io.flowaudit.policy.compile;

import java.util.Arrays;

/**
 * The port tables of one subject direction, indexed by peer-class id (dense): a warm lookup is an array read.
 * Grows copy-on-write; readers never lock.
 */
final class PortTableSlots {
    private volatile PortTable[] tables = new PortTable[16];

    PortTable get(int peerClassId) {
        PortTable[] t = tables;
        return peerClassId < t.length ? t[peerClassId] : null;
    }

    synchronized void put(int peerClassId, PortTable table) {
        PortTable[] t = tables;
        if (peerClassId >= t.length) {
            t = Arrays.copyOf(t, Math.max(peerClassId + 1, t.length * 2));
        } else {
            t = t.clone();
        }
        t[peerClassId] = table;
        tables = t;
    }

    int size() {
        int n = 0;
        for (PortTable p : tables) {
            n += p == null ? 0 : 1;
        }
        return n;
    }
}
