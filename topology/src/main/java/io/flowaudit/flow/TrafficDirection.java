package io.flowaudit.flow;

/** Direction of the connection relative to the endpoint where the event was taken. */
public enum TrafficDirection {
    TRAFFIC_DIRECTION_UNKNOWN, INGRESS, EGRESS
}
