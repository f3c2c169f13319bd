package dev.kaizen.nexus.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.kaizen.core.RunContext;

/**
 * The rule for session ids, which travel in URLs, headers, tool arguments and command lines; and
 * the keys a store keeps sessions under.
 *
 * <p>A key is an id, or an id scoped to a principal ({@link #scoped}): {@code <id>.<16 hex digits>}.
 * Callers name sessions by id; a principal's own session of an id that another principal holds
 * lives under the scoped key (see {@code SessionAccess} in {@code dev.kaizen.nexus.execution}). The
 * {@code '.'} is never part of an id, so no id a caller chooses can be another's scoped key.
 */
public final class SessionIds {

    /** Between an id and its principal's scope in a scoped key; never part of an id. */
    private static final char SCOPE_SEPARATOR = '.';

    /** Hex digits of the principal's SHA-256 that a scoped key carries: 64 bits. */
    private static final int SCOPE_DIGITS = 16;

    private SessionIds() {
    }

    /**
     * @param id a candidate id
     * @return whether it is 1 to 128 characters of {@code [A-Za-z0-9_-]}
     */
    public static boolean isValid(@Nullable String id) {
        return RunContext.isValidSessionId(id);
    }

    /**
     * @param id a candidate id
     * @return the id
     * @throws InvalidSessionIdException naming the rule if it breaks it
     */
    public static String requireValid(@Nullable String id) {
        if (!isValid(id)) {
            throw new InvalidSessionIdException(id);
        }
        return id;
    }

    /**
     * @param key a candidate key
     * @return whether it is a valid id, or a valid id scoped to a principal
     */
    public static boolean isValidKey(@Nullable String key) {
        if (key == null) {
            return false;
        }
        int separator = key.length() - SCOPE_DIGITS - 1;
        if (separator < 1 || key.charAt(separator) != SCOPE_SEPARATOR) {
            return isValid(key);
        }
        for (int i = separator + 1; i < key.length(); i++) {
            if (Character.digit(key.charAt(i), 16) < 0 || Character.isUpperCase(key.charAt(i))) {
                return false;
            }
        }
        return isValid(key.substring(0, separator));
    }

    /**
     * @param key a candidate key
     * @return the key
     * @throws InvalidSessionIdException naming the rule for ids if it is no key
     */
    public static String requireValidKey(@Nullable String key) {
        if (!isValidKey(key)) {
            throw new InvalidSessionIdException(key);
        }
        return key;
    }

    /**
     * @param id a valid id
     * @param principal the principal whose own session of that id it is
     * @return the key of that principal's own session of the id: {@code <id>.<16 hex digits>}
     */
    public static String scoped(String id, String principal) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(principal.getBytes(StandardCharsets.UTF_8));
            return requireValid(id) + SCOPE_SEPARATOR + HexFormat.of().formatHex(digest, 0, SCOPE_DIGITS / 2);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * @param key a key
     * @return the id it names: the key itself, or the id of a scoped key
     */
    public static String idOf(String key) {
        int separator = key.length() - SCOPE_DIGITS - 1;
        return separator >= 1 && key.charAt(separator) == SCOPE_SEPARATOR ? key.substring(0, separator) : key;
    }

    /**
     * @return a new random id (a UUID, 122 random bits)
     */
    public static String generate() {
        return UUID.randomUUID().toString();
    }
}
