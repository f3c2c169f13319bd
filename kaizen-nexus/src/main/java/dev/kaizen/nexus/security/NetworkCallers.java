package dev.kaizen.nexus.security;

import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import dev.kaizen.nexus.channel.CallFailure;
import dev.kaizen.nexus.channel.Caller;
import dev.kaizen.nexus.channel.FailureKind;

/**
 * The {@link Caller} of an HTTP request: what the Nexus's filter chain put on the request once it
 * authenticated it. Fails closed: with credentials required, a request no filter authenticated
 * is refused rather than treated as anonymous.
 */
public final class NetworkCallers {

    /** The request attribute the filter chain stores the caller under. */
    public static final String ATTRIBUTE = Caller.class.getName();

    /** What Spring Security prefixes a token's scopes with, as authorities. */
    static final String SCOPE_AUTHORITY = "SCOPE_";

    private NetworkCallers() {
    }

    /**
     * @param request an HTTP request
     * @param settings the Nexus's security settings
     * @return the request's caller
     * @throws CallFailure {@code unauthenticated} if credentials are required and none were verified
     */
    public static Caller of(HttpServletRequest request, SecuritySettings settings) {
        if (request.getAttribute(ATTRIBUTE) instanceof Caller caller) {
            return caller;
        }
        if (settings.authenticationRequired()) {
            throw CallFailure.of(FailureKind.UNAUTHENTICATED, "this Nexus requires an API key or a bearer token");
        }
        return Caller.anonymous(request.getRemoteAddr());
    }

    /**
     * @param authentication what Spring Security verified for a request, or {@code null}
     * @return the authenticated caller it stands for, with its {@code SCOPE_} authorities as
     *     scopes; {@code null} for no authentication or Spring Security's anonymous one
     */
    static @Nullable Caller of(@Nullable Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return null;
        }
        Set<String> scopes = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith(SCOPE_AUTHORITY))
                .map(authority -> authority.substring(SCOPE_AUTHORITY.length())).collect(Collectors.toSet());
        return Caller.authenticated(authentication.getName(), scopes);
    }
}
