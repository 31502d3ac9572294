/**
 * What-if: the same flows judged under a baseline and a candidate policy set, and the verdicts that change
 * (what a change would break, what it would open), grouped for a reviewer. Pure: no Kafka, no I/O.
 */
package io.flowaudit.whatif;
