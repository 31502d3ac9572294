package io.flowaudit.policy.compile;

/** Why a direction or a flow got its verdict; printed as the {@code reason} of verdict records. */
public enum ReasonCode {
    ALLOWED_BY_RULE,
    ALLOWED_L7_PROXIED,
    ALLOWED_L7_MATCHED,
    ALLOWED_NOT_DEFAULT_DENY,
    ALLOWED_LOCALHOST,
    NOT_ENFORCED,
    NOT_MANAGED,
    DEFAULT_DENY,
    EXPLICIT_DENY,
    L7_DENIED,
    REPLY,
    NOT_EVALUATED
}
