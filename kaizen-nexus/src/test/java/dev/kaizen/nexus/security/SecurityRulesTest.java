package dev.kaizen.nexus.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import dev.kaizen.nexus.channel.CallFailure;
import dev.kaizen.nexus.channel.Caller;
import dev.kaizen.nexus.channel.FailureKind;

/** The security rules one by one: key forms, scopes, ownership, loopback, Host/Origin patterns, audit lines. */
class SecurityRulesTest {

    @Test
    void keysAreMatchedByDigestInBothFormsAndBadEntriesNameTheirProperty() {
        ApiKeys keys = ApiKeys.of(Map.of("a", "{sha256}" + ApiKeys.sha256("first-key-0123456789"),
                "b", "{noop}second-key-0123456789"));
        assertThat(keys.clientOf("first-key-0123456789")).contains("a");
        assertThat(keys.clientOf("second-key-0123456789")).contains("b");
        assertThat(keys.clientOf("first-key-012345678")).isEmpty();
        assertThat(keys.plainTextClients()).containsExactly("b");
        assertThat(ApiKeys.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThatThrownBy(() -> ApiKeys.of(Map.of("a", "plain-key-0123456789")))
                .hasMessageContaining("kaizen.nexus.security.api-keys.a must start with {sha256}");
        assertThatThrownBy(() -> ApiKeys.of(Map.of("a", "{sha256}abc")))
                .hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> ApiKeys.of(Map.of("a", "{noop}short"))).hasMessageContaining("at least 16");
        assertThatThrownBy(() -> ApiKeys.of(Map.of("a", "{noop}same-key-0123456789", "b", "{noop}same-key-0123456789")))
                .hasMessageContaining("the same key");
        assertThatThrownBy(() -> ApiKeys.of(Map.of("a b", "{noop}a-key-0123456789xx"))).hasMessageContaining("client name");
    }

    @Test
    void scopesDecideWhoCallsAndOwnersDecideWhoUsesASession() {
        SecuritySettings settings = SecuritySettings.builder().workflowScopes("reports", Set.of("reports", "finance"))
                .defaultScopes(Set.of("basic")).build();
        Gatekeeper gatekeeper = new Gatekeeper(settings, new LocalRateLimiter());
        Caller alice = Caller.authenticated("alice", Set.of("reports", "finance", "basic"));
        Caller bob = Caller.authenticated("bob", Set.of("reports", "basic"));
        Caller admin = Caller.authenticated("root", Set.of(SecuritySettings.DEFAULT_ADMIN_SCOPE));
        gatekeeper.admit(alice, "reports");
        gatekeeper.admit(bob, "echo");
        assertThatThrownBy(() -> gatekeeper.admit(bob, "reports")).isInstanceOfSatisfying(CallFailure.class,
                refused -> {
                    // Hidden means hidden: as if not deployed, naming no scope.
                    assertThat(refused.kind()).isEqualTo(FailureKind.NOT_FOUND);
                    assertThat(refused.getMessage()).isEqualTo("no workflow named 'reports' is deployed");
                });
        assertThat(gatekeeper.mayCall(admin, "echo")).isFalse();
        assertThat(gatekeeper.mayCall(Caller.local(), "reports")).isTrue();
        assertThat(gatekeeper.mayCall(Caller.anonymous("127.0.0.1"), "reports")).isTrue();

        assertThat(gatekeeper.mayUseSession(alice, "alice")).isTrue();
        assertThat(gatekeeper.mayUseSession(bob, "alice")).isFalse();
        assertThat(gatekeeper.mayUseSession(bob, null)).isFalse();
        assertThat(gatekeeper.mayUseSession(admin, "alice")).isTrue();
        assertThat(gatekeeper.mayUseSession(Caller.anonymous(null), "alice")).isTrue();
        assertThat(gatekeeper.ownerFor(alice, null)).isEqualTo("alice");
        assertThat(gatekeeper.ownerFor(Caller.anonymous(null), "anyone")).isEqualTo("anyone");
        assertThatThrownBy(() -> gatekeeper.ownerFor(bob, "alice")).hasMessageContaining("userId");
    }

    @Test
    void onlyLoopbackMayGoUnprotected() {
        SecuritySettings none = SecuritySettings.defaults();
        for (String loopback : List.of("127.0.0.1", "::1", "[::1]", "localhost", "127.1.2.3")) {
            NetworkExposure.check(loopback, none);
        }
        for (String exposed : new String[] { "0.0.0.0", "::", "" }) {
            assertThatThrownBy(() -> NetworkExposure.check(exposed, none))
                    .isInstanceOf(UnprotectedNetworkException.class);
        }
        assertThatThrownBy(() -> NetworkExposure.check(null, none)).hasMessageContaining("all interfaces");
        NetworkExposure.check("0.0.0.0", SecuritySettings.builder().allowUnauthenticatedNetwork(true).build());
        NetworkExposure.check("0.0.0.0", SecuritySettings.builder().apiKeys(Map.of("a", "{noop}a-key-0123456789xx"))
                .build());
    }

    @Test
    void hostAndOriginPatternsAcceptAnyPortOnlyWhereAsked() {
        List<String> hosts = SecuritySettings.DEFAULT_ALLOWED_HOSTS;
        assertThat(HostOriginFilter.accepted("127.0.0.1:8000", hosts)).isTrue();
        assertThat(HostOriginFilter.accepted("localhost", hosts)).isTrue();
        assertThat(HostOriginFilter.accepted("[::1]:9", hosts)).isTrue();
        assertThat(HostOriginFilter.accepted("LOCALHOST:80", hosts)).isTrue();
        for (String foreign : new String[] { "evil.example", "127.0.0.1.evil.example", "localhost:80@evil", "",
                "localhost:8000x" }) {
            assertThat(HostOriginFilter.accepted(foreign, hosts)).as(foreign).isFalse();
        }
        assertThat(HostOriginFilter.accepted(null, hosts)).isFalse();
        assertThat(HostOriginFilter.accepted("https://app.example.com",
                List.of("https://app.example.com"))).isTrue();
        assertThat(HostOriginFilter.accepted("https://app.example.com:444", List.of("https://app.example.com")))
                .isFalse();
    }

    @Test
    void anAuditLineHasEveryFieldAndNoForgedLines() {
        String line = AuditLog.line(Instant.parse("2026-12-02T10:00:00Z"),
                Caller.authenticated("mallory\n\"x\" outcome=success", Set.of()), "qa", "mcp", "forbidden", null,
                1_500_000);
        assertThat(line).isEqualTo("time=2026-12-02T10:00:00Z principal=\"mallory\\n\\\"x\\\" outcome=success\" "
                + "workflow=\"qa\" channel=mcp outcome=forbidden correlationId=- durationMs=1.5");
        assertThat(line).doesNotContain("\n");
        assertThat(AuditLog.line(Instant.EPOCH, Caller.anonymous("127.0.0.13"), "qa", "api", "internal-error", "c0ffee", 0))
                .contains("principal=\"anonymous@127.0.0.13\"", "correlationId=c0ffee");
    }

    @Test
    void aVerifiedTokenIsDecodedOnceWhileAFailingOneIsCheckedEveryTime() {
        AtomicInteger decoded = new AtomicInteger();
        JwtDecoder counting = token -> {
            decoded.incrementAndGet();
            if (token.startsWith("bad")) {
                throw new org.springframework.security.oauth2.jwt.BadJwtException("bad");
            }
            return Jwt.withTokenValue(token).header("alg", "RS256").subject("carol")
                    .expiresAt(Instant.now().plusSeconds(600)).build();
        };
        CachingJwtDecoder cache = new CachingJwtDecoder(counting);
        for (int i = 0; i < 5; i++) {
            assertThat(cache.decode("good.token.x").getSubject()).isEqualTo("carol");
        }
        assertThat(decoded.get()).isEqualTo(1);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> cache.decode("bad.token.x"))
                    .isInstanceOf(org.springframework.security.oauth2.jwt.JwtException.class);
        }
        assertThat(decoded.get()).isEqualTo(4);
    }
}
