package dev.kaizen.nexus.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.rest.RestChannel;
import dev.kaizen.nexus.rest.RestRouter;
import dev.kaizen.nexus.security.NetworkExposure;
import dev.kaizen.nexus.security.NexusFilterChain;

/**
 * Protects every path a Nexus serves with one Spring Security filter chain
 * ({@link NexusFilterChain}): API keys and Spring Boot's JWT resource server as ways in, Host and
 * Origin checks, and the refusal to listen beyond loopback with nothing protecting the port.
 *
 * <p>Ordered before Spring Boot's own web security, which backs off once a filter chain exists:
 * Kaizen's chain covers only Kaizen's paths, so an application that wants its other routes
 * protected declares its own {@link SecurityFilterChain} for them (docs/security.md).
 */
@AutoConfiguration(after = NexusAutoConfiguration.class,
        afterName = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
        beforeName = {
                "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SecurityFilterChain.class)
@ConditionalOnBean(Nexus.class)
public class NexusSecurityAutoConfiguration {

    /** The chain's order: ahead of an application's own chains for other paths. */
    public static final int ORDER = -100;

    /** The Host and Origin check's servlet filter order: before Spring Security's whole filter. */
    public static final int HOST_CHECK_ORDER = -110;

    /**
     * What the Nexus serves and how it is protected; checks, before the server opens its port,
     * that it will not listen beyond loopback unprotected.
     *
     * @param nexus the Nexus whose paths are protected
     * @param environment {@code server.address} and Actuator's base path
     * @param tokenConverter Spring Boot's JWT-to-authentication converter, if any
     * @param cors the application's CORS configuration, if any (none: CORS stays off)
     * @return the scope of Kaizen's security
     */
    @Bean
    NexusFilterChain.Scope kaizenSecurityScope(Nexus nexus, Environment environment,
            ObjectProvider<JwtAuthenticationConverter> tokenConverter, ObjectProvider<CorsConfigurationSource> cors) {
        NetworkExposure.check(environment.getProperty("server.address"), nexus.security());
        RestRouter rest = nexus.channel(RestChannel.class)
                .map(channel -> new RestRouter(channel, nexus.restConfig(), nexus.json())).orElse(null);
        String mcpPath = nexus.mcpConfig().enabled() ? nexus.mcpConfig().path() : null;
        String actuator = environment.getProperty("management.endpoints.web.base-path", "/actuator");
        Converter<Jwt, ? extends AbstractAuthenticationToken> converter = tokenConverter.getIfAvailable();
        return new NexusFilterChain.Scope(nexus.security(), path -> rest != null && rest.claims(path), mcpPath,
                actuator, converter, cors.getIfAvailable() != null);
    }

    /**
     * @param http Spring Security's builder
     * @param scope what to protect and how
     * @return the chain over Kaizen's paths (matching nothing when no credentials are configured)
     * @throws Exception as Spring Security's builder does
     */
    @Bean
    @Order(ORDER)
    SecurityFilterChain kaizenSecurityFilterChain(HttpSecurity http, NexusFilterChain.Scope scope) throws Exception {
        return NexusFilterChain.build(http, scope);
    }

    /**
     * @param scope what the Nexus serves
     * @return the Host and Origin check, in front of every security filter
     */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> kaizenHostOriginCheck(NexusFilterChain.Scope scope) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
                NexusFilterChain.hostOriginFilter(scope));
        registration.setName("kaizenHostOriginCheck");
        registration.setOrder(HOST_CHECK_ORDER);
        registration.setAsyncSupported(true);
        return registration;
    }
}
