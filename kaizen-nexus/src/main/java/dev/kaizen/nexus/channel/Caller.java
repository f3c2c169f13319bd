package dev.kaizen.nexus.channel;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Who a call comes from, as a channel hands it to {@link ChannelContext#execute}: the one
 * principal every check, session, rate limit and audit line sees, whichever way the caller proved
 * who it is (an API key or an OAuth bearer token).
 *
 * <ul>
 * <li>{@link #local()}: a caller on this machine with no network hop (MCP over stdio, the local
 * shell); it passes every check.</li>
 * <li>{@link #anonymous(String)}: a network caller of a Nexus that has no credential source
 * configured; it may do everything, as before security existed, and is rate limited by its
 * address.</li>
 * <li>{@link #authenticated(String, Set)}: a network caller that proved its name; it gets what
 * its scopes allow.</li>
 * </ul>
 *
 * @param kind how the caller is known
 * @param name the principal name ({@code local} and {@code anonymous} for the first two kinds)
 * @param scopes the scopes an authenticated caller was granted (empty for the others)
 * @param address the client's network address, when known
 */
public record Caller(Kind kind, String name, Set<String> scopes, @Nullable String address) {

    /** How a caller is known. */
    public enum Kind {
        /** On this machine, no network: trusted. */
        LOCAL,
        /** Over the network, with no credential source configured. */
        ANONYMOUS,
        /** Over the network, with a verified API key or token. */
        AUTHENTICATED
    }

    private static final Caller LOCAL = new Caller(Kind.LOCAL, "local", Set.of(), null);

    /**
     * Checks and copies the scopes.
     */
    public Caller {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        scopes = Set.copyOf(scopes);
    }

    /**
     * @return the caller of MCP over stdio and of the local shell
     */
    public static Caller local() {
        return LOCAL;
    }

    /**
     * @param address the client's address, or {@code null} when unknown
     * @return a network caller of a Nexus without authentication
     */
    public static Caller anonymous(@Nullable String address) {
        return new Caller(Kind.ANONYMOUS, "anonymous", Set.of(), address);
    }

    /**
     * @param name the principal name: an API key's client name, or a token's subject
     * @param scopes the scopes granted to it
     * @return a verified network caller
     */
    public static Caller authenticated(String name, Set<String> scopes) {
        return new Caller(Kind.AUTHENTICATED, name, scopes, null);
    }

    /**
     * @return whether this caller proved its name (only then do sessions and runs belong to it)
     */
    public boolean isAuthenticated() {
        return kind == Kind.AUTHENTICATED;
    }

    /**
     * @param required scopes a workflow or operation needs
     * @return whether this caller may: local and anonymous callers always may, an authenticated
     *     one when it holds every required scope
     */
    public boolean holdsAll(Collection<String> required) {
        return kind != Kind.AUTHENTICATED || scopes.containsAll(required);
    }

    /**
     * @return what rate limits count calls under: the principal name, or the address of an
     *     anonymous caller
     */
    public String rateLimitKey() {
        return kind == Kind.ANONYMOUS && address != null ? "address:" + address : kind.name().toLowerCase() + ":" + name;
    }
}
