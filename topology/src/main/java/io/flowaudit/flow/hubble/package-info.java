/**
 * Reads Hubble flow records written as JSON: {@code hubble observe -o json} output, Hubble exporter files
 * ({@code events.log}) and legacy bare {@code Flow} objects, one JSON object per line.
 *
 * <p>The entry point is {@link io.flowaudit.flow.hubble.HubbleJsonReader}. Every input line yields exactly one
 * {@link io.flowaudit.flow.hubble.ReadEvent}: a parsed flow, a skipped non-flow event, a blank line or a bad line
 * with its line number and a reason. Parsing is streaming (Jackson's {@code JsonParser}, no tree per line).
 *
 * <p>Everything is non-null unless a component is documented as nullable.
 */
package io.flowaudit.flow.hubble;
