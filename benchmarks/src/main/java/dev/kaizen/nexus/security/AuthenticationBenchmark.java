package dev.kaizen.nexus.security;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

import dev.kaizen.nexus.channel.Caller;

/**
 * What authentication costs a call, in process: verifying an API key, a JWT already verified once
 * (the cache) and a fresh JWT (an RS256 signature check), each through to the caller the channels
 * see. The whole chain's share of a REST call (filters included) is measured end to end by
 * {@code benchmarks/run.sh}, as CPU per request of a secured load server beside an open one.
 *
 * <p>Lives in the security package to reach the package-private authentication manager.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class AuthenticationBenchmark {

    private static final String KEY = "benchmark-key-0123456789abcdef";

    private NexusAuthenticationManager manager;

    private JwtDecoder uncached;

    private String token;

    @Setup
    public void setUp() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        uncached = NimbusJwtDecoder.withPublicKey((RSAPublicKey) keys.getPublic()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder().subject("carol")
                .expirationTime(Date.from(Instant.now().plusSeconds(3600))).claim("scope", "reports").build());
        jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
        token = jwt.serialize();
        SecuritySettings settings = SecuritySettings.builder().apiKeys(Map.of("bench", ApiKeys.SHA256 + ApiKeys.sha256(KEY)))
                .tokenDecoder(uncached).build();
        manager = new NexusAuthenticationManager(settings, null);
    }

    @Benchmark
    public Caller apiKey() {
        Authentication verified = manager.authenticate(new BearerTokenAuthenticationToken(KEY));
        return NetworkCallers.of(verified);
    }

    @Benchmark
    public Caller jwtCached() {
        Authentication verified = manager.authenticate(new BearerTokenAuthenticationToken(token));
        return NetworkCallers.of(verified);
    }

    @Benchmark
    public Jwt jwtSignatureCheck() {
        return uncached.decode(token);
    }
}
