package io.flowaudit.flow;

/** Hubble's {@code is_reply} is a BoolValue: absent means "not known" (drop events never set it). */
public enum ReplyState {
    UNKNOWN, REQUEST, REPLY
}
