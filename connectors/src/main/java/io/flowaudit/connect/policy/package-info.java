/**
 * The policy source connector: CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy and Kubernetes NetworkPolicy
 * objects into the compacted policies topic as Avro {@code PolicyDocument} records keyed by
 * {@code Topics.policyKey}, with a tombstone when an object is deleted. Two sources: a directory (a git checkout
 * of the policy repository), scanned for changes; or the Kubernetes API, listed and watched.
 *
 * <p>Non-null is the default in this package; the few nullable parameters and returns say so.
 */
package io.flowaudit.connect.policy;
