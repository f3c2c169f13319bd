package dev.kaizen.core;

import java.util.Map;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * The state of the session a run belongs to, as an agent sees it through
 * {@link RunContext#session()}. Values are JSON values: strings, numbers, booleans, lists and
 * maps of them.
 *
 * <p>Every change is atomic on the session store: a merge never loses another writer's keys, and
 * {@link #update} reads and writes one key without a concurrent change slipping in between.
 */
public interface SessionState {

    /**
     * @return the session id
     */
    String id();

    /**
     * @return a copy of the whole state now
     */
    Map<String, Object> snapshot();

    /**
     * Sets the given keys, leaving the others as they are.
     *
     * @param updates the keys to set and their new values
     */
    void merge(Map<String, ?> updates);

    /**
     * Replaces one key's value with a function of its current value, atomically.
     *
     * @param key the key
     * @param change from the current value ({@code null} if unset) to the new one; may run more
     *     than once if another writer got there first, so it must have no side effects
     * @return the new value
     */
    @Nullable Object update(String key, UnaryOperator<@Nullable Object> change);
}
