/**
 * Turns a policy set into immutable {@link io.flowaudit.policy.compile.PolicyTables}: Cilium's selector
 * defaulting applied once, peers compiled to matchers, and per (subject, peer) port tables resolved lazily
 * and cached, like Cilium's per-endpoint policy map.
 */
package io.flowaudit.policy.compile;
