/**
 * Reads CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy and Kubernetes NetworkPolicy objects from YAML or
 * JSON into the immutable model, reporting every problem with file, document, line and field path.
 */
package io.flowaudit.policy.parse;
