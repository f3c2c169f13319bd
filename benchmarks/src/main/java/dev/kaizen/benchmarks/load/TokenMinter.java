package dev.kaizen.benchmarks.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The authorization server of the authentication load: makes an RSA key pair, writes its public
 * key as PEM to the path given (for {@code spring.security.oauth2.resourceserver.jwt.public-key-location})
 * and prints an RS256 token for subject {@code bench}, valid for two hours.
 */
public final class TokenMinter {

    private TokenMinter() {
    }

    public static void main(String[] args) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Files.writeString(Path.of(args[0]), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder().subject("bench")
                .expirationTime(Date.from(Instant.now().plusSeconds(7200))).claim("scope", "bench").build());
        jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
        System.out.println(jwt.serialize());
    }
}
