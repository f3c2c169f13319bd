package dev.kaizen.nexus.autoconfigure;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.kaizen.nexus.LogSafe;

/**
 * A {@code kaizen.*} property whose value bound but cannot be used (a path that is not a path, a
 * negative limit, a key without its prefix); Spring Boot reports it with a Description and an
 * Action naming the property, instead of a stack trace.
 */
final class InvalidPropertyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String property;

    private final @Nullable String value;

    private InvalidPropertyException(String property, @Nullable String value, String reason, Throwable cause) {
        super(property + ": " + reason, cause);
        this.property = property;
        this.value = value;
    }

    /**
     * Applies a property's value, naming the property if the value is refused.
     *
     * @param <T> what the value becomes
     * @param property the property's name, such as {@code kaizen.nexus.mcp.path}
     * @param value its value, as bound
     * @param use what uses the value (a builder's setter, a constructor)
     * @return what {@code use} returned
     * @throws InvalidPropertyException if {@code use} refused the value
     */
    static <T> T check(String property, @Nullable Object value, Supplier<T> use) {
        return applied(property, LogSafe.escape(String.valueOf(value)), use);
    }

    /**
     * Applies a group of properties whose refusals name the property at fault themselves.
     *
     * @param <T> what the values become
     * @param prefix the group, such as {@code kaizen.nexus.security}
     * @param use what uses the values
     * @return what {@code use} returned
     * @throws InvalidPropertyException if {@code use} refused a value
     */
    static <T> T checkUnder(String prefix, Supplier<T> use) {
        return applied(prefix, null, use);
    }

    private static <T> T applied(String property, @Nullable String value, Supplier<T> use) {
        try {
            return use.get();
        }
        catch (IllegalArgumentException | IllegalStateException refused) {
            if (refused instanceof InvalidPropertyException named) {
                throw named;
            }
            throw new InvalidPropertyException(property, value, String.valueOf(refused.getMessage()), refused);
        }
    }

    /** @return the property, or for a group the prefix */
    String property() {
        return property;
    }

    /** @return the value as bound (escaped), or {@code null} for a group */
    @Nullable String value() {
        return value;
    }

    String reason() {
        return getMessage().substring(property.length() + 2);
    }
}
