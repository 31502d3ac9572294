/**
 * The engine's view of one Hubble flow record: only what a verdict, an alert or a drift check needs.
 * Pure data, no I/O; the Hubble JSON reader lives in {@code io.flowaudit.flow.hubble}.
 * Everything is non-null unless a component is documented as nullable.
 */
package io.flowaudit.flow;
