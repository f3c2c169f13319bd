package dev.kaizen.nexus.shell;

import org.jspecify.annotations.Nullable;

/**
 * One {@code --name value} pair of a command line, before conversion.
 *
 * @param name the option name without dashes
 * @param value the value as typed, or {@code null} for a flag given without one
 */
public record ShellOption(String name, @Nullable String value) {
}
