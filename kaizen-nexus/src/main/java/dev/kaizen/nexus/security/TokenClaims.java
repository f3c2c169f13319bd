package dev.kaizen.nexus.security;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Checks what Kaizen needs of a verified token beyond its signature and time window: a subject to
 * own sessions and runs ({@code sub}, not blank: tokens without one would all share one
 * principal), an expiry ({@code exp}: a token without one would never end), and, when an issuer is
 * configured, that the token names it ({@code iss}), also when the key comes from a public-key file
 * rather than the issuer's discovery document.
 */
final class TokenClaims implements JwtDecoder {

    private final JwtDecoder decoder;

    private final @Nullable String issuer;

    /**
     * @param decoder verifies the signature and the time window
     * @param issuer the issuer tokens must name, or {@code null} to accept any the key signed
     */
    TokenClaims(JwtDecoder decoder, @Nullable String issuer) {
        this.decoder = decoder;
        this.issuer = issuer;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt jwt = decoder.decode(token);
        if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
            throw new BadJwtException("the token has no subject ('sub'); a token must name its principal");
        }
        Instant expiry = jwt.getExpiresAt();
        if (expiry == null) {
            throw new BadJwtException("the token has no expiry ('exp'); a token must expire");
        }
        if (issuer != null && !issuer.equals(jwt.getClaimAsString("iss"))) {
            throw new BadJwtException("the token's issuer ('iss') is not the one this Nexus accepts");
        }
        return jwt;
    }
}
