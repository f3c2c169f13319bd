package dev.kaizen.nexus.security;

import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens that verified, so a client sending the same token call after call pays for
 * its signature check once. An entry lives at most {@value #MAX_SECONDS} seconds and never past
 * the token's own expiry; tokens that fail are not remembered (each try is checked again).
 */
final class CachingJwtDecoder implements JwtDecoder {

    static final long MAX_SECONDS = 300;

    private static final int MAX_TOKENS = 10_000;

    private final JwtDecoder decoder;

    private final Cache<String, Jwt> verified = Caffeine.newBuilder().maximumSize(MAX_TOKENS)
            .expireAfter(Expiry.creating((String token, Jwt jwt) -> lifetime(jwt))).build();

    CachingJwtDecoder(JwtDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt cached = verified.getIfPresent(token);
        if (cached != null && (cached.getExpiresAt() == null || cached.getExpiresAt().isAfter(Instant.now()))) {
            return cached;
        }
        Jwt jwt = decoder.decode(token);
        verified.put(token, jwt);
        return jwt;
    }

    private static Duration lifetime(Jwt jwt) {
        Duration most = Duration.ofSeconds(MAX_SECONDS);
        if (jwt.getExpiresAt() == null) {
            return most;
        }
        Duration left = Duration.between(Instant.now(), jwt.getExpiresAt());
        return left.isNegative() ? Duration.ZERO : left.compareTo(most) < 0 ? left : most;
    }
}
