package io.flowaudit.flow;

/** Hubble's {@code flow.FlowType}: datapath event, proxy (L7) record, or socket load-balancer trace. */
public enum FlowType {
    UNKNOWN_TYPE, L3_L4, L7, SOCK
}
