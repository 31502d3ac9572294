/**
 * Immutable model of Cilium and Kubernetes network policies as written (before Cilium's namespace and
 * cluster defaulting, which the compiler applies). Non-null unless documented otherwise.
 */
package io.flowaudit.policy.model;
