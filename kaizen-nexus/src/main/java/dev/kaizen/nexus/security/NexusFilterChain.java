package dev.kaizen.nexus.security;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.kaizen.nexus.LogSafe;
import dev.kaizen.nexus.channel.FailureKind;
import dev.kaizen.nexus.rest.ProblemResponses;
import dev.kaizen.nexus.rest.RestConfig;

/**
 * The Spring Security filter chain over every path a Nexus serves (its REST routes, the MCP
 * endpoint, the protected-resource metadata) and no other, so the application's own routes keep
 * whatever security the application gives them.
 *
 * <p>Without credentials configured the chain matches nothing (it exists so that Spring Boot's
 * default chain, which would put every route behind a generated password, backs off), and calls
 * pay for no security filter but the Host and Origin check ({@link #hostOriginFilter}), which runs
 * in front of every chain either way. With API keys or bearer tokens, every path but
 * {@code /health} and the metadata needs a credential; the channels then decide per workflow and
 * session. No cookies, no sessions of Spring's, no CSRF tokens (there is no browser session to
 * ride), no form or basic login; CORS only when the application configures it.
 */
public final class NexusFilterChain {

    private NexusFilterChain() {
    }

    /**
     * What the chain protects and how.
     *
     * @param settings the security settings
     * @param claimsRestPath whether the REST channel answers a path
     * @param mcpPath the MCP endpoint, or {@code null} without MCP over HTTP
     * @param actuatorBase Actuator's base path ({@code /actuator}), whose endpoints other than
     *     health need a credential too when credentials are configured, or {@code null}
     * @param tokenConverter Spring Boot's JWT-to-authentication converter, or {@code null}
     * @param cors whether the application configured CORS
     */
    public record Scope(SecuritySettings settings, Predicate<String> claimsRestPath, @Nullable String mcpPath,
            @Nullable String actuatorBase, @Nullable Converter<Jwt, ? extends AbstractAuthenticationToken> tokenConverter,
            boolean cors) {
    }

    /**
     * The Host and Origin check, to register as a servlet filter in front of every security chain
     * (it answers on its own, for the paths the Nexus serves other than the MCP endpoint, which its
     * transport checks).
     *
     * @param scope what the Nexus serves
     * @return the filter
     */
    public static OncePerRequestFilter hostOriginFilter(Scope scope) {
        String mcpPath = scope.mcpPath() == null ? "" : scope.mcpPath();
        return new HostOriginFilter(scope.settings(), path -> !path.equals(mcpPath)
                && (scope.claimsRestPath().test(path) || path.startsWith(ProtectedResource.WELL_KNOWN)));
    }

    /**
     * @param http Spring Security's builder
     * @param scope what to protect and how
     * @return the chain
     * @throws Exception as {@link HttpSecurity#build()} does
     */
    public static SecurityFilterChain build(HttpSecurity http, Scope scope) throws Exception {
        SecuritySettings settings = scope.settings();
        String mcpPath = scope.mcpPath() == null ? "" : scope.mcpPath();
        if (!settings.authenticationRequired()) {
            return http.securityMatcher(request -> false).build();
        }
        RequestMatcher nexusPaths = request -> {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            return scope.claimsRestPath().test(path) || path.equals(mcpPath)
                    || path.startsWith(ProtectedResource.WELL_KNOWN) || isActuator(path, scope.actuatorBase());
        };
        http.securityMatcher(nexusPaths)
                .csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        if (!scope.cors()) {
            http.cors(AbstractHttpConfigurer::disable);
        }
        ProblemEntryPoint entryPoint = new ProblemEntryPoint(mcpPath);
        NexusAuthenticationManager authentication = new NexusAuthenticationManager(settings, scope.tokenConverter());
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(request -> request.getRequestURI().equals(request.getContextPath()
                                + RestConfig.HEALTH_PATH)).permitAll()
                        .requestMatchers(request -> request.getRequestURI().startsWith(request.getContextPath()
                                + ProtectedResource.WELL_KNOWN)).permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenResolver(new CredentialResolver())
                        .authenticationManagerResolver(request -> authentication)
                        .authenticationEntryPoint(entryPoint)
                        .protectedResourceMetadata(metadata -> metadata.protectedResourceMetadataCustomizer(
                                document -> describe(document, settings))))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler((request, response, denied) -> ProblemResponses.write(response,
                                request.getRequestURI(), 403, FailureKind.FORBIDDEN,
                                "access to " + LogSafe.escape(request.getRequestURI()) + " is denied")))
                .addFilterBefore(new CallerFilter(), AuthorizationFilter.class);
        return http.build();
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
