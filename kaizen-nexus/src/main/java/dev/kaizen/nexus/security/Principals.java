package dev.kaizen.nexus.security;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Principal names, namespaced by how the caller authenticated, so that an API key's client and a
 * token's subject of the same name never share sessions, runs or rate limits: {@code key:alice}
 * is the API key client {@code alice}, {@code jwt:alice} the token subject {@code alice}.
 */
public final class Principals {

    /** The prefix of an API key client's principal. */
    public static final String API_KEY = "key:";

    /** The prefix of a bearer token subject's principal. */
    public static final String TOKEN = "jwt:";

    private Principals() {
    }

    /**
     * @param client an API key's client name
     * @return its principal
     */
    static String apiKeyClient(String client) {
        return API_KEY + client;
    }

    /**
     * @param verified what the JWT provider made of a verified token
     * @return the same authentication, named by its subject in the token namespace
     */
    static Authentication tokenSubject(Authentication verified) {
        if (verified instanceof JwtAuthenticationToken token) {
            return new JwtAuthenticationToken(token.getToken(), token.getAuthorities(), TOKEN + token.getName());
        }
        // An application's own converter may make another kind of authentication: keep its authorities.
        return UsernamePasswordAuthenticationToken.authenticated(TOKEN + verified.getName(), null,
                verified.getAuthorities());
    }
}
