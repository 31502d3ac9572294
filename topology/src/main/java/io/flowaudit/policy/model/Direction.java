package io.flowaudit.policy.model;

/** Policy direction: ingress is checked at the destination, egress at the source (R65). */
public enum Direction {
    INGRESS, EGRESS
}
