package dev.kaizen.nexus.security;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Finds the credential a request carries: {@code Authorization: Bearer <key or token>} (RFC 6750,
 * header only: never a query parameter, which would land in access logs), or {@code X-API-Key}.
 * Both at once must agree.
 */
final class CredentialResolver implements BearerTokenResolver {

    /** The header an API key may come in instead of {@code Authorization}. */
    static final String API_KEY_HEADER = "X-API-Key";

    private final DefaultBearerTokenResolver bearer = new DefaultBearerTokenResolver();

    @Override
    public @Nullable String resolve(HttpServletRequest request) {
        String token = bearer.resolve(request);
        String key = request.getHeader(API_KEY_HEADER);
        if (key == null || key.isEmpty()) {
            return token;
        }
        if (token != null && !token.equals(key)) {
            throw new InvalidBearerTokenException("the request carries two different credentials (Authorization "
                    + "and " + API_KEY_HEADER + "); send one");
        }
        return key.strip();
    }
}
