package io.flowaudit.streams;

import io.flowaudit.policy.compile.PolicyTables;

/**
 * One compiled policy set and its revision: a 63-bit fingerprint of the accepted documents, the same on every
 * instance and after restarts for the same set.
 */
record PolicySnapshot(PolicyTables tables, long revision, int documents) {
}
