package dev.kaizen.nexus.security;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import jakarta.servlet.Filter;
import org.jspecify.annotations.Nullable;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;
import org.springframework.security.oauth2.server.resource.web.OAuth2ProtectedResourceMetadataFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;


/**
 * The servlet filters that protect a Nexus: the Host and Origin check and CORS on the paths it
 * serves, and, with credentials configured, authentication on every path but a short open list.
 *
 * <ul>
 * <li>{@link #hostOriginFilter}: the Host and Origin check, always.</li>
 * <li>{@link #corsFilter}: CORS, only when the application configures it.</li>
 * <li>{@link #authenticationFilter}: with API keys or bearer tokens configured, every path needs a
 * credential (deny by default) but {@code /health}, the metadata, Actuator's health and the
 * application's {@code open-paths}; a credential sent to an open path is verified (so
 * {@code /health} names the workflows its caller may see); the channels then decide per workflow
 * and session.</li>
 * <li>{@link #adminFilter}: with credentials configured, Actuator's endpoints other than health
 * (which name every workflow, the Prometheus scrape included) need the admin scope.</li>
 * </ul>
 * Every filter judges a request on the path the container routed it on (decoded and normalised),
 * never on the raw URI, so no other spelling of a path escapes the filter meant for it.
 * <ul>
 * </ul>
 * They run in front of Spring Security's own filter chain. Kaizen also contributes a
 * {@link SecurityFilterChain} that matches no request ({@link #emptyChain}): its only job is to
 * make Spring Boot's default chain, which would put every route behind a generated password, back
 * off. So a Kaizen call pays for its credential check (a SHA-256 for an API key) and not for a
 * dozen general-purpose filters; no cookies, no HTTP sessions, no CSRF tokens (there is no browser
 * session to ride), no form or basic login.
 */
public final class NexusFilterChain {

    private NexusFilterChain() {
    }

    /**
     * What the filters protect and how.
     *
     * @param settings the security settings
     * @param claimsRestPath whether the REST channel answers a path
     * @param mcpPath the MCP endpoint, or {@code null} without MCP over HTTP
     * @param actuatorBase Actuator's base path ({@code /actuator}), whose endpoints other than
     *     health need a credential with the admin scope when credentials are configured, or
     *     {@code null}
     * @param tokenConverter Spring Boot's JWT-to-authentication converter, or {@code null}
     * @param cors the application's CORS configuration, or {@code null}: CORS stays off
     */
    public record Scope(SecuritySettings settings, Predicate<String> claimsRestPath, @Nullable String mcpPath,
            @Nullable String actuatorBase, @Nullable Converter<Jwt, ? extends AbstractAuthenticationToken> tokenConverter,
            @Nullable CorsConfigurationSource cors) {

        /** Whether the Nexus serves a path (the metadata aside). */
        boolean serves(String path) {
            return claimsRestPath.test(path) || path.equals(mcpPath);
        }
    }

    /**
     * @param http Spring Security's builder
     * @return a chain that matches no request, so Spring Boot's default chain backs off
     * @throws Exception as {@link HttpSecurity#build()} does
     */
    public static SecurityFilterChain emptyChain(HttpSecurity http) throws Exception {
        return http.securityMatcher(request -> false).build();
    }

    /**
     * @param scope what the Nexus serves
     * @return the check of request forms that would fail as server errors further in: wildcard or
     *     unreadable {@code Content-Type}s, and, on the Nexus's paths, badly encoded query strings
     */
    public static Filter requestFormFilter(Scope scope) {
        return new RequestFormFilter(scope::serves);
    }

    /**
     * @param scope what the Nexus serves
     * @return the Host and Origin check for every path the Nexus serves but the MCP endpoint,
     *     which its transport checks itself
     */
    public static Filter hostOriginFilter(Scope scope) {
        String mcpPath = scope.mcpPath() == null ? "" : scope.mcpPath();
        return new HostOriginFilter(scope.settings(), path -> !path.equals(mcpPath)
                && (scope.claimsRestPath().test(path) || path.startsWith(ProtectedResource.WELL_KNOWN)));
    }

    /**
     * @param scope what the Nexus serves, with the application's CORS configuration
     * @return Spring's CORS filter over the Nexus's paths, or {@code null} when the application
     *     configures no CORS
     */
    public static @Nullable Filter corsFilter(Scope scope) {
        CorsConfigurationSource source = scope.cors();
        return source == null ? null : new CorsFilter(request -> scope.serves(KaizenPathFilter.pathOf(request))
                ? source.getCorsConfiguration(request) : null);
    }

    /**
     * @param scope what the Nexus serves and the credentials it accepts
     * @return the authentication filter, or {@code null} when no credential source is configured
     */
    public static @Nullable Filter authenticationFilter(Scope scope) {
        SecuritySettings settings = scope.settings();
        if (!settings.authenticationRequired()) {
            return null;
        }
        String mcpPath = scope.mcpPath() == null ? "" : scope.mcpPath();
        OAuth2ProtectedResourceMetadataFilter metadata = new OAuth2ProtectedResourceMetadataFilter();
        metadata.setProtectedResourceMetadataCustomizer(document -> describe(document, settings));
        return new NexusAuthenticationFilter(new OpenPaths(settings.openPaths(), scope.actuatorBase()),
                new NexusAuthenticationManager(settings, scope.tokenConverter()), new ProblemEntryPoint(mcpPath), metadata);
    }
    /**
     * @param scope what the Nexus serves
     * @return the admin-scope check of Actuator's endpoints other than health, to run after
     *     {@link #authenticationFilter}; {@code null} without credentials or without Actuator
     */
    public static @Nullable Filter adminFilter(Scope scope) {
        if (!scope.settings().authenticationRequired() || scope.actuatorBase() == null) {
            return null;
        }
        return new AdminScopeFilter(path -> isActuator(path, scope.actuatorBase()), scope.settings().adminScope());
    }

    private static boolean isActuator(String path, @Nullable String base) {
        return base != null && (path.equals(base) || path.startsWith(base + "/"))
                && !path.equals(base + "/health") && !path.startsWith(base + "/health/");
    }

    private static void describe(OAuth2ProtectedResourceMetadata.Builder document, SecuritySettings settings) {
        settings.issuer().ifPresent(document::authorizationServer);
        Set<String> scopes = new TreeSet<>(settings.knownScopes());
        scopes.forEach(document::scope);
        document.resourceName("Kaizen Nexus");
        document.tlsClientCertificateBoundAccessTokens(false);
    }
}
