package dev.kaizen.nexus.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * An authorization server of the tests' own: an RSA key pair made here, and JWTs signed with it
 * (Nimbus, which Spring Security brings) for any subject, scopes, issuer, audience and expiry.
 */
public final class Tokens {

    /** The issuer claim: a closed loopback port, never contacted (the decoder holds the key). */
    public static final String ISSUER = "http://127.0.0.1:9/issuer";

    public static final String AUDIENCE = "kaizen-nexus";

    private final KeyPair keys;

    public Tokens() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid token: this issuer and audience, an hour left. */
    public String token(String subject, String scopes) {
        return token(subject, scopes, ISSUER, AUDIENCE, Duration.ofHours(1));
    }

    public String token(String subject, String scopes, String issuer, String audience, Duration lifetime) {
        return signed(claims(scopes).subject(subject).issuer(issuer).audience(List.of(audience))
                .expirationTime(Date.from(Instant.now().plus(lifetime))).build());
    }

    /** Claims with this issuer and audience, the scopes, and no subject or expiry yet. */
    public JWTClaimsSet.Builder claims(String scopes) {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(List.of(AUDIENCE))
                .issueTime(Date.from(Instant.now().minusSeconds(120))).claim("scope", scopes);
    }

    /** These claims, signed with this issuer's key. */
    public String signed(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        try {
            jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
        }
        catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** The decoder a resource server of this issuer and audience uses, as Spring Boot builds it. */
    public JwtDecoder decoder() {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey((RSAPublicKey) keys.getPublic()).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(ISSUER),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(AUDIENCE))));
        return decoder;
    }

    /** Writes the public key as PEM, for {@code spring.security.oauth2.resourceserver.jwt.public-key-location}. */
    public Path writePublicKey(Path directory) throws java.io.IOException {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        return Files.writeString(directory.resolve("issuer.pub"), pem);
    }
}
