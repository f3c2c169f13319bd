package dev.kaizen.nexus.autoconfigure;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import jakarta.servlet.Filter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
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
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.filter.CompositeFilter;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;

import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.rest.RestChannel;
import dev.kaizen.nexus.rest.RestRouter;
import dev.kaizen.nexus.security.NetworkExposure;
import dev.kaizen.nexus.security.NexusFilterChain;
import dev.kaizen.nexus.security.ProblemRequestRejectedHandler;

/**
 * Protects every path a Nexus serves ({@link NexusFilterChain}): API keys and Spring Boot's JWT
 * resource server as ways in, Host and Origin checks, CORS only when configured, and the refusal to
 * listen beyond loopback with nothing protecting the port.
 *
 * <p>Ordered before Spring Boot's own web security, which backs off once a filter chain exists:
 * Kaizen's filters cover only Kaizen's paths, so an application that wants its other routes
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

    /** The empty chain's order among the application's chains. */
    public static final int ORDER = -100;

    /** Kaizen's security filters' servlet order: before Spring Security's filter (-100). */
    public static final int FILTER_ORDER = -110;

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
                actuator, converter, cors.orderedStream()
                        // Spring MVC's introspector is one too; only a configuration of the application's counts.
                        .filter(source -> !(source instanceof HandlerMappingIntrospector)).findFirst().orElse(null));
    }

    /**
     * @param http Spring Security's builder
     * @return a chain that matches no request: it makes Spring Boot's default chain (every route
     *     behind a generated password) back off, and leaves the application's routes to the
     *     application
     * @throws Exception as Spring Security's builder does
     */
    @Bean
    @Order(ORDER)
    SecurityFilterChain kaizenSecurityFilterChain(HttpSecurity http) throws Exception {
        return NexusFilterChain.emptyChain(http);
    }

    /**
     * @return the answer to a request Spring Security's firewall refuses: a 400 problem document
     */
    @Bean
    @ConditionalOnMissingBean
    RequestRejectedHandler kaizenRequestRejectedHandler() {
        return new ProblemRequestRejectedHandler();
    }

    /**
     * @param scope what the Nexus serves and how it is protected
     * @return the request-form check, the Host and Origin check, CORS when configured, and
     *     authentication when credentials are configured, in that order, in front of Spring
     *     Security's filter
     */
    @Bean
    FilterRegistrationBean<CompositeFilter> kaizenSecurityFilters(NexusFilterChain.Scope scope) {
        List<Filter> filters = Stream.of(NexusFilterChain.requestFormFilter(scope),
                NexusFilterChain.hostOriginFilter(scope), NexusFilterChain.corsFilter(scope),
                NexusFilterChain.authenticationFilter(scope), NexusFilterChain.adminFilter(scope))
                .filter(Objects::nonNull).toList();
        CompositeFilter composite = new CompositeFilter();
        composite.setFilters(filters);
        FilterRegistrationBean<CompositeFilter> registration = new FilterRegistrationBean<>(composite);
        registration.setName("kaizenSecurityFilters");
        registration.setOrder(FILTER_ORDER);
        registration.setAsyncSupported(true);
        return registration;
    }
}
