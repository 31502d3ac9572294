/**
 * Advice over a policy set and the flows it judges: the missing DNS rule (semantics §9, R67-R70),
 * toFQDNs without DNS visibility, shadowed and suspicious rules, each with a ready-to-apply fix.
 */
package io.flowaudit.policy.advise;
