package dev.kaizen.nexus.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import dev.kaizen.nexus.LogSafe;

/**
 * How a Nexus protects its network channels: who may call (API keys, bearer tokens), what each
 * workflow requires, how often a caller may call, and which {@code Host} and {@code Origin} values
 * requests may carry. Immutable; {@link #defaults()} protects nothing but the Host and Origin.
 *
 * <p>In Spring Boot the {@code kaizen.nexus.security.*} properties build it (and bearer tokens
 * are on when Spring Boot's resource-server properties configure a {@code JwtDecoder}); a
 * standalone Nexus takes it from {@code Nexus.builder().security(...)}.
 */
public final class SecuritySettings {

    /** The scope that lists and reads every principal's sessions, unless configured otherwise. */
    public static final String DEFAULT_ADMIN_SCOPE = "kaizen:admin";

    /** {@code Host} values accepted unless configured otherwise; {@code :*} means any port. */
    public static final List<String> DEFAULT_ALLOWED_HOSTS = List.of("localhost:*", "127.0.0.1:*", "[::1]:*");

    /** {@code Origin} values accepted unless configured otherwise; requests without one pass. */
    public static final List<String> DEFAULT_ALLOWED_ORIGINS = List.of("http://localhost:*", "http://127.0.0.1:*",
            "http://[::1]:*", "https://localhost:*", "https://127.0.0.1:*", "https://[::1]:*");

    private static final SecuritySettings DEFAULTS = builder().build();

    private final ApiKeys apiKeys;

    private final Map<String, Set<String>> clientScopes;

    private final @Nullable JwtDecoder tokenDecoder;

    private final @Nullable String issuer;

    private final Map<String, Set<String>> workflowScopes;

    private final Set<String> defaultScopes;

    private final String adminScope;

    private final @Nullable RateLimit rateLimit;

    private final Map<String, RateLimit> workflowRateLimits;

    private final boolean allowUnauthenticatedNetwork;

    private final List<String> allowedHosts;

    private final List<String> allowedOrigins;

    private final List<String> openPaths;

    private SecuritySettings(Builder builder) {
        this.apiKeys = builder.apiKeys;
        this.clientScopes = Map.copyOf(builder.clientScopes);
        this.tokenDecoder = builder.tokenDecoder;
        this.issuer = builder.issuer;
        this.workflowScopes = Map.copyOf(builder.workflowScopes);
        this.defaultScopes = Set.copyOf(builder.defaultScopes);
        this.adminScope = builder.adminScope;
        this.rateLimit = builder.rateLimit;
        this.workflowRateLimits = Map.copyOf(builder.workflowRateLimits);
        this.allowUnauthenticatedNetwork = builder.allowUnauthenticatedNetwork;
        this.allowedHosts = List.copyOf(builder.allowedHosts);
        this.allowedOrigins = List.copyOf(builder.allowedOrigins);
        this.openPaths = List.copyOf(builder.openPaths);
    }

    /**
     * @return no credentials, no scopes, no rate limits; loopback Host and Origin only
     */
    public static SecuritySettings defaults() {
        return DEFAULTS;
    }

    /**
     * @return a builder starting from the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return whether any credential source is configured: then every protected path needs one
     */
    public boolean authenticationRequired() {
        return !apiKeys.isEmpty() || tokenDecoder != null;
    }

    /**
     * @return the API keys
     */
    public ApiKeys apiKeys() {
        return apiKeys;
    }

    /**
     * @param client an API key's client name
     * @return the scopes that client holds (none unless configured)
     */
    public Set<String> clientScopes(String client) {
        return clientScopes.getOrDefault(client, Set.of());
    }

    /**
     * @return the bearer-token decoder, if tokens are a way in
     */
    public Optional<JwtDecoder> tokenDecoder() {
        return Optional.ofNullable(tokenDecoder);
    }

    /**
     * @return the authorization server that issues the bearer tokens, for the protected-resource
     *     metadata, if configured
     */
    public Optional<String> issuer() {
        return Optional.ofNullable(issuer);
    }

    /**
     * @return every scope these settings name (workflows', the default, the admin scope, API key
     *     clients'), for the protected-resource metadata
     */
    public Set<String> knownScopes() {
        Set<String> all = new java.util.TreeSet<>(defaultScopes);
        workflowScopes.values().forEach(all::addAll);
        clientScopes.values().forEach(all::addAll);
        all.add(adminScope);
        return all;
    }

    /**
     * @param workflow a deployment name
     * @return the scopes a caller needs to see and call it: its own, or the default for all
     */
    public Set<String> requiredScopes(String workflow) {
        return workflowScopes.getOrDefault(workflow, defaultScopes);
    }

    /**
     * @return the scope that lists and reads every principal's sessions
     */
    public String adminScope() {
        return adminScope;
    }

    /**
     * @return the limit on each principal's calls, over all workflows, if any
     */
    public Optional<RateLimit> rateLimit() {
        return Optional.ofNullable(rateLimit);
    }

    /**
     * @param workflow a deployment name
     * @return the limit on each principal's calls of that workflow, if any
     */
    public Optional<RateLimit> rateLimit(String workflow) {
        return Optional.ofNullable(workflowRateLimits.get(workflow));
    }

    /**
     * @return whether any rate limit is configured
     */
    public boolean rateLimited() {
        return rateLimit != null || !workflowRateLimits.isEmpty();
    }

    /**
     * @return whether binding to a non-loopback address without credentials is allowed (behind an
     *     authenticating gateway)
     */
    public boolean allowUnauthenticatedNetwork() {
        return allowUnauthenticatedNetwork;
    }

    /**
     * @return accepted {@code Host} values; {@code name:*} accepts any port; empty accepts all
     */
    public List<String> allowedHosts() {
        return allowedHosts;
    }

    /**
     * @return accepted {@code Origin} values; {@code scheme://name:*} accepts any port
     */
    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    /**
     * @return the application's paths that need no credential when credentials are configured
     *     (Spring path patterns), beside the built-in open ones (health, the protected-resource
     *     metadata, Actuator's health); every other path needs one
     */
    public List<String> openPaths() {
        return openPaths;
    }

    /**
     * @param pattern an application's open path
     * @return why it is not a usable path pattern, or {@code null} when it is
     */
    public static @Nullable String openPathProblem(String pattern) {
        return OpenPaths.problemWith(pattern);
    }

    /**
     * @param hostAndPort such as {@code hooks.example.com:443}
     * @param patterns such as {@code hooks.example.com:443}, {@code hooks.example.com:*} (any port)
     * @return whether one of the patterns accepts it, as {@code allowed-hosts} accepts a Host header
     */
    public static boolean hostMatches(String hostAndPort, List<String> patterns) {
        return HostOriginFilter.accepted(hostAndPort, patterns);
    }

    /**
     * @param host a request's {@code Host} header
     * @return whether {@link #allowedHosts()} accepts it (all do when that list is empty)
     */
    public boolean acceptsHost(@Nullable String host) {
        return allowedHosts.isEmpty() || HostOriginFilter.accepted(host, allowedHosts);
    }

    /**
     * @param origin a request's {@code Origin} header
     * @return whether it is absent (not a browser's cross-site request) or {@link #allowedOrigins()} accepts it
     */
    public boolean acceptsOrigin(@Nullable String origin) {
        return origin == null || origin.isBlank() || HostOriginFilter.accepted(origin, allowedOrigins);
    }

    /**
     * @param host a refused {@code Host} header
     * @return why it was refused, naming the setting
     */
    public static String hostRefusal(@Nullable String host) {
        return "Host '" + LogSafe.escape(host) + "' is not accepted; the server's allowed hosts are set by "
                + "kaizen.nexus.security.allowed-hosts";
    }

    /**
     * @param origin a refused {@code Origin} header
     * @return why it was refused, naming the setting
     */
    public static String originRefusal(@Nullable String origin) {
        return "Origin '" + LogSafe.escape(origin) + "' is not accepted; the server's allowed origins are set by "
                + "kaizen.nexus.security.allowed-origins";
    }

    @Override
    public String toString() {
        return "SecuritySettings[apiKeys=" + !apiKeys.isEmpty() + ", clientScopes=" + clientScopes + ", tokens="
                + (tokenDecoder != null)
                + ", workflowScopes=" + workflowScopes + ", defaultScopes=" + defaultScopes + ", rateLimit="
                + rateLimit + ", workflowRateLimits=" + workflowRateLimits + "]";
    }

    /** Builds {@link SecuritySettings}; setters reject bad values at once. */
    public static final class Builder {

        private ApiKeys apiKeys = ApiKeys.none();

        private final Map<String, Set<String>> clientScopes = new LinkedHashMap<>();

        private @Nullable JwtDecoder tokenDecoder;

        private @Nullable String issuer;

        private final Map<String, Set<String>> workflowScopes = new LinkedHashMap<>();

        private Set<String> defaultScopes = Set.of();

        private String adminScope = DEFAULT_ADMIN_SCOPE;

        private @Nullable RateLimit rateLimit;

        private final Map<String, RateLimit> workflowRateLimits = new LinkedHashMap<>();

        private boolean allowUnauthenticatedNetwork;

        private List<String> allowedHosts = DEFAULT_ALLOWED_HOSTS;

        private List<String> allowedOrigins = DEFAULT_ALLOWED_ORIGINS;

        private List<String> openPaths = List.of();

        private Builder() {
        }

        /**
         * @param keys client name to {@code {sha256}<hex>} or {@code {noop}<key>}
         * @return this builder
         * @throws IllegalArgumentException naming the client whose entry is not usable
         */
        public Builder apiKeys(Map<String, String> keys) {
            this.apiKeys = ApiKeys.of(keys);
            return this;
        }

        /**
         * @param client an API key's client name
         * @param scopes the scopes it holds
         * @return this builder
         */
        public Builder clientScopes(String client, Set<String> scopes) {
            clientScopes.put(Objects.requireNonNull(client, "client"), Set.copyOf(scopes));
            return this;
        }

        /**
         * @param decoder decodes and validates bearer tokens (Spring Boot's, from its resource-server
         *     properties), or {@code null}: tokens are not a way in
         * @return this builder
         */
        public Builder tokenDecoder(@Nullable JwtDecoder decoder) {
            this.tokenDecoder = decoder;
            return this;
        }

        /**
         * @param issuer the authorization server that issues bearer tokens (its issuer URI), named
         *     in the protected-resource metadata, or {@code null}
         * @return this builder
         */
        public Builder issuer(@Nullable String issuer) {
            this.issuer = issuer;
            return this;
        }

        /**
         * @param workflow a deployment name
         * @param scopes every scope a caller needs to see and call it
         * @return this builder
         */
        public Builder workflowScopes(String workflow, Set<String> scopes) {
            workflowScopes.put(Objects.requireNonNull(workflow, "workflow"), Set.copyOf(scopes));
            return this;
        }

        /**
         * @param scopes what every workflow without scopes of its own requires
         * @return this builder
         */
        public Builder defaultScopes(Set<String> scopes) {
            this.defaultScopes = Set.copyOf(scopes);
            return this;
        }

        /**
         * @param scope the scope that lists and reads every principal's sessions
         * @return this builder
         */
        public Builder adminScope(String scope) {
            if (Objects.requireNonNull(scope, "scope").isBlank()) {
                throw new IllegalArgumentException("admin scope must not be blank");
            }
            this.adminScope = scope;
            return this;
        }

        /**
         * @param limit each principal's allowance over all workflows, or {@code null} for none
         * @return this builder
         */
        public Builder rateLimit(@Nullable RateLimit limit) {
            this.rateLimit = limit;
            return this;
        }

        /**
         * @param workflow a deployment name
         * @param limit each principal's allowance for that workflow
         * @return this builder
         */
        public Builder rateLimit(String workflow, RateLimit limit) {
            workflowRateLimits.put(Objects.requireNonNull(workflow, "workflow"), Objects.requireNonNull(limit, "limit"));
            return this;
        }

        /**
         * @param allow whether a server on a non-loopback address may start with no credentials
         *     (for deployments behind an authenticating gateway)
         * @return this builder
         */
        public Builder allowUnauthenticatedNetwork(boolean allow) {
            this.allowUnauthenticatedNetwork = allow;
            return this;
        }

        /**
         * @param hosts accepted {@code Host} values, such as {@code example.com:*}; empty accepts all
         * @return this builder
         */
        public Builder allowedHosts(List<String> hosts) {
            this.allowedHosts = List.copyOf(hosts);
            return this;
        }

        /**
         * @param origins accepted {@code Origin} values, such as {@code https://app.example.com}
         * @return this builder
         */
        public Builder allowedOrigins(List<String> origins) {
            this.allowedOrigins = List.copyOf(origins);
            return this;
        }

        /**
         * @param paths the application's paths that need no credential (Spring path patterns
         *     such as {@code /hello} or {@code /public/**}); with credentials configured every
         *     other path needs one
         * @return this builder
         * @throws IllegalArgumentException naming a pattern that is not a usable path pattern
         */
        public Builder openPaths(List<String> paths) {
            for (String path : paths) {
                String problem = OpenPaths.problemWith(Objects.requireNonNull(path, "open path"));
                if (problem != null) {
                    throw new IllegalArgumentException("open path " + problem);
                }
            }
            this.openPaths = List.copyOf(paths);
            return this;
        }

        /**
         * @return the settings
         */
        public SecuritySettings build() {
            return new SecuritySettings(this);
        }
    }
}
