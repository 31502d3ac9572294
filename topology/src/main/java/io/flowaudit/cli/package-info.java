/** The {@code flowaudit} command line: one class per command; the only place that prints to the terminal. */
package io.flowaudit.cli;
