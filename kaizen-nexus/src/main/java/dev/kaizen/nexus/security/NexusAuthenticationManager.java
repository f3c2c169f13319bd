package dev.kaizen.nexus.security;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

import dev.kaizen.nexus.LogSafe;

/**
 * Verifies the credential a request carried ({@code Authorization: Bearer} or {@code X-API-Key}):
 * first as an API key, which is cheap (one SHA-256 and a lookup), then, when bearer tokens are
 * configured, as a JWT, decoded through a cache so a client reusing its token pays for the
 * signature once. Both ways end in one authentication whose name is the principal, namespaced by
 * how it authenticated ({@link Principals}), and whose {@code SCOPE_} authorities are its scopes.
 */
final class NexusAuthenticationManager implements AuthenticationManager {

    private static final Logger log = LoggerFactory.getLogger(NexusAuthenticationManager.class);

    private final SecuritySettings settings;

    private final @Nullable JwtAuthenticationProvider tokens;

    /**
     * @param settings the API keys, client scopes and token decoder
     * @param converter turns a verified JWT into an authentication (Spring Boot's, honouring its
     *     authorities and principal claim settings), or {@code null} for Spring Security's default
     */
    NexusAuthenticationManager(SecuritySettings settings,
            @Nullable Converter<Jwt, ? extends AbstractAuthenticationToken> converter) {
        this.settings = settings;
        Optional<JwtDecoder> decoder = settings.tokenDecoder();
        if (decoder.isPresent()) {
            JwtAuthenticationProvider provider = new JwtAuthenticationProvider(
                    new CachingJwtDecoder(new TokenClaims(decoder.get(), settings.issuer().orElse(null))));
            provider.setJwtAuthenticationConverter(converter != null ? converter : new JwtAuthenticationConverter());
            this.tokens = provider;
        }
        else {
            this.tokens = null;
        }
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        if (!(authentication instanceof BearerTokenAuthenticationToken bearer)) {
            throw new InvalidBearerTokenException("send an API key or a bearer token");
        }
        Optional<String> client = settings.apiKeys().clientOf(bearer.getToken());
        if (client.isPresent()) {
            List<SimpleGrantedAuthority> scopes = settings.clientScopes(client.get()).stream()
                    .map(scope -> new SimpleGrantedAuthority(NetworkCallers.SCOPE_AUTHORITY + scope)).toList();
            return UsernamePasswordAuthenticationToken.authenticated(Principals.apiKeyClient(client.get()), null, scopes);
        }
        if (tokens == null || !looksLikeJwt(bearer.getToken())) {
            throw new InvalidBearerTokenException(tokens == null ? "the API key is not valid"
                    : "the credential is neither a valid API key nor a JWT");
        }
        try {
            return Principals.tokenSubject(tokens.authenticate(bearer));
        }
        catch (AuthenticationException refused) {
            throw refused;
        }
        catch (RuntimeException unverifiable) {
            // The issuer's keys could not be fetched (issuer down, no network): the token cannot be
            // checked, so it is not accepted; said plainly rather than as a server error.
            log.warn("a bearer token could not be verified: {}", LogSafe.escape(unverifiable.getMessage()));
            throw new InvalidBearerTokenException("the token could not be verified now (the token issuer's keys "
                    + "cannot be fetched); try again later");
        }
    }

    private static boolean looksLikeJwt(String token) {
        int first = token.indexOf('.');
        return first > 0 && token.indexOf('.', first + 1) > first + 1;
    }
}
