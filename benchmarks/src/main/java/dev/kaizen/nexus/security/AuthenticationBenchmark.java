package dev.kaizen.nexus.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

import dev.kaizen.benchmarks.BenchmarkAgents;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.channel.Caller;

/**
 * What authentication costs a call. In process: verifying an API key, a JWT already verified once
 * (the cache) and a fresh JWT (an RS256 signature check), each through to the caller the channels
 * see. End to end: one REST execute over loopback on a Nexus without credentials, with an API key
 * and with a JWT, so the difference is the whole chain's share (filters included).
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

    private Nexus open;

    private Nexus withKeys;

    private HttpClient http;

    private HttpRequest openCall;

    private HttpRequest keyCall;

    private HttpRequest tokenCall;

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

        open = Nexus.builder().port(0).build().start();
        withKeys = Nexus.builder().port(0).security(settings).audit(false).build().start();
        Deployments.deployAsApi(BenchmarkAgents.echo(""), open, "echo");
        Deployments.deployAsApi(BenchmarkAgents.echo(""), withKeys, "echo");
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        openCall = execute(open, null);
        keyCall = execute(withKeys, KEY);
        tokenCall = execute(withKeys, token);
        for (HttpRequest call : new HttpRequest[] { openCall, keyCall, tokenCall }) {
            int status = http.send(call, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
                throw new IllegalStateException("the benchmark's call answered " + status);
            }
        }
    }

    private static HttpRequest execute(Nexus nexus, String credential) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(nexus.baseUri() + "/api/workflows/echo/execute"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":{\"text\":\"hello\"}}"));
        if (credential != null) {
            request.header("Authorization", "Bearer " + credential);
        }
        return request.build();
    }

    @TearDown
    public void tearDown() {
        open.close();
        withKeys.close();
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

    @Benchmark
    public int restOpen() throws Exception {
        return http.send(openCall, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Benchmark
    public int restApiKey() throws Exception {
        return http.send(keyCall, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Benchmark
    public int restJwt() throws Exception {
        return http.send(tokenCall, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
