package dev.kaizen.nexus.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import dev.kaizen.nexus.security.RateLimit;
import dev.kaizen.nexus.security.SecuritySettings;

/**
 * {@code kaizen.nexus.security.*}: who may call a Nexus over the network, what each workflow
 * requires, how often a caller may call, and which Host and Origin values are accepted. Bearer
 * tokens are configured with Spring Boot's own {@code spring.security.oauth2.resourceserver.jwt.*}.
 */
@ConfigurationProperties(prefix = NexusSecurityProperties.PREFIX)
public class NexusSecurityProperties {

    /** Where these properties live. */
    public static final String PREFIX = "kaizen.nexus.security";

    /** API keys by client name: {sha256}<hex of the key's SHA-256>, or {noop}<key> for development. */
    private Map<String, String> apiKeys = new LinkedHashMap<>();

    /** The scopes each API key client holds, by client name (none unless listed). */
    private Map<String, List<String>> apiKeyScopes = new LinkedHashMap<>();

    /** Per workflow (by deployment name): the scopes a caller needs, and its rate limit. */
    private Map<String, Workflow> workflows = new LinkedHashMap<>();

    /** The scopes every workflow without scopes of its own requires. */
    private List<String> defaultScopes = new ArrayList<>();

    /** The scope that lists and reads every principal's sessions. */
    private String adminScope = SecuritySettings.DEFAULT_ADMIN_SCOPE;

    /** Each principal's rate limit over all workflows. */
    private final Limit rateLimit = new Limit();

    /** Start on a non-loopback address with no credentials, behind a gateway that authenticates every request. */
    private boolean allowUnauthenticatedNetwork;

    /** Host header values accepted by REST and MCP (DNS-rebinding protection); "name:*" accepts any port, empty accepts all. */
    private List<String> allowedHosts = new ArrayList<>(SecuritySettings.DEFAULT_ALLOWED_HOSTS);

    /** Origin header values accepted from browsers by REST and MCP; requests without an Origin pass. */
    private List<String> allowedOrigins = new ArrayList<>(SecuritySettings.DEFAULT_ALLOWED_ORIGINS);

    /** With credentials configured, the application's paths that need none (path patterns such as /hello or /public/**); every other path needs one. */
    private List<String> openPaths = new ArrayList<>();

    /** The issuer bearer tokens must name ('iss') when their key comes from public-key-location or jwk-set-uri; issuer-uri sets it too. */
    private @Nullable String tokenIssuer;

    /** Write a line per call to the kaizen.audit logger; unset: on when credentials are configured. */
    private @Nullable Boolean audit;

    /**
     * @param tokenDecoder Spring Boot's bearer-token decoder, or {@code null} when none is configured
     * @param issuer {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, or {@code null}; the
     *     {@code token-issuer} property wins over it
     * @return the settings these properties describe
     * @throws IllegalArgumentException naming the property whose value is not usable
     */
    public SecuritySettings toSettings(@Nullable JwtDecoder tokenDecoder, @Nullable String issuer) {
        SecuritySettings.Builder settings = SecuritySettings.builder().apiKeys(apiKeys).tokenDecoder(tokenDecoder)
                .issuer(tokenIssuer != null && !tokenIssuer.isBlank() ? tokenIssuer : issuer).defaultScopes(Set.copyOf(defaultScopes)).adminScope(adminScope)
                .rateLimit(rateLimit.toRateLimit(PREFIX + ".rate-limit"))
                .allowUnauthenticatedNetwork(allowUnauthenticatedNetwork).allowedHosts(allowedHosts)
                .allowedOrigins(allowedOrigins).openPaths(checkedOpenPaths());
        apiKeyScopes.forEach((client, scopes) -> {
            if (!apiKeys.containsKey(client)) {
                throw new IllegalArgumentException(PREFIX + ".api-key-scopes." + client + " names a client with no key ("
                        + PREFIX + ".api-keys." + client + ")");
            }
            settings.clientScopes(client, Set.copyOf(scopes));
        });
        workflows.forEach((name, workflow) -> {
            if (!workflow.getScopes().isEmpty()) {
                settings.workflowScopes(name, Set.copyOf(workflow.getScopes()));
            }
            RateLimit limit = workflow.getRateLimit().toRateLimit(PREFIX + ".workflows." + name + ".rate-limit");
            if (limit != null) {
                settings.rateLimit(name, limit);
            }
        });
        return settings.build();
    }

    private List<String> checkedOpenPaths() {
        for (int i = 0; i < openPaths.size(); i++) {
            String problem = SecuritySettings.openPathProblem(openPaths.get(i));
            if (problem != null) {
                throw new IllegalArgumentException(PREFIX + ".open-paths[" + i + "]: " + problem);
            }
        }
        return openPaths;
    }

    /** @return the issuer bearer tokens must name, or {@code null} */
    public @Nullable String getTokenIssuer() {
        return tokenIssuer;
    }

    /** @param tokenIssuer the issuer bearer tokens must name */
    public void setTokenIssuer(@Nullable String tokenIssuer) {
        this.tokenIssuer = tokenIssuer;
    }

    /** @return the application's paths that need no credential */
    public List<String> getOpenPaths() {
        return openPaths;
    }

    /** @param openPaths the application's paths that need no credential */
    public void setOpenPaths(List<String> openPaths) {
        this.openPaths = openPaths;
    }

    /** @return API keys by client name */
    public Map<String, String> getApiKeys() {
        return apiKeys;
    }

    /** @param apiKeys API keys by client name */
    public void setApiKeys(Map<String, String> apiKeys) {
        this.apiKeys = apiKeys;
    }

    /** @return the scopes of each API key client */
    public Map<String, List<String>> getApiKeyScopes() {
        return apiKeyScopes;
    }

    /** @param apiKeyScopes the scopes of each API key client */
    public void setApiKeyScopes(Map<String, List<String>> apiKeyScopes) {
        this.apiKeyScopes = apiKeyScopes;
    }

    /** @return per-workflow settings by deployment name */
    public Map<String, Workflow> getWorkflows() {
        return workflows;
    }

    /** @param workflows per-workflow settings by deployment name */
    public void setWorkflows(Map<String, Workflow> workflows) {
        this.workflows = workflows;
    }

    /** @return the scopes workflows without their own require */
    public List<String> getDefaultScopes() {
        return defaultScopes;
    }

    /** @param defaultScopes the scopes workflows without their own require */
    public void setDefaultScopes(List<String> defaultScopes) {
        this.defaultScopes = defaultScopes;
    }

    /** @return the admin scope */
    public String getAdminScope() {
        return adminScope;
    }

    /** @param adminScope the admin scope */
    public void setAdminScope(String adminScope) {
        this.adminScope = adminScope;
    }

    /** @return each principal's rate limit over all workflows */
    public Limit getRateLimit() {
        return rateLimit;
    }

    /** @return whether an unprotected non-loopback bind is allowed */
    public boolean isAllowUnauthenticatedNetwork() {
        return allowUnauthenticatedNetwork;
    }

    /** @param allow whether an unprotected non-loopback bind is allowed */
    public void setAllowUnauthenticatedNetwork(boolean allow) {
        this.allowUnauthenticatedNetwork = allow;
    }

    /** @return accepted Host values */
    public List<String> getAllowedHosts() {
        return allowedHosts;
    }

    /** @param allowedHosts accepted Host values */
    public void setAllowedHosts(List<String> allowedHosts) {
        this.allowedHosts = allowedHosts;
    }

    /** @return accepted Origin values */
    public List<String> getAllowedOrigins() {
        return allowedOrigins;
    }

    /** @param allowedOrigins accepted Origin values */
    public void setAllowedOrigins(List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    /** @return whether to audit, or {@code null} for: when credentials are configured */
    public @Nullable Boolean getAudit() {
        return audit;
    }

    /** @param audit whether to audit */
    public void setAudit(@Nullable Boolean audit) {
        this.audit = audit;
    }

    /** {@code kaizen.nexus.security.workflows.<name>.*}. */
    public static class Workflow {

        /** The scopes a caller needs to see and call this workflow (replacing default-scopes). */
        private List<String> scopes = new ArrayList<>();

        /** Each principal's rate limit for this workflow. */
        private final Limit rateLimit = new Limit();

        /** @return the required scopes */
        public List<String> getScopes() {
            return scopes;
        }

        /** @param scopes the required scopes */
        public void setScopes(List<String> scopes) {
            this.scopes = scopes;
        }

        /** @return the rate limit */
        public Limit getRateLimit() {
            return rateLimit;
        }
    }

    /** A rate limit: {@code requests} calls per {@code period} per principal; 0 requests is none. */
    public static class Limit {

        /** How many calls each principal may make per period; 0 means no limit. */
        private long requests;

        /** The period the requests are counted over, refilled gradually. */
        private Duration period = Duration.ofMinutes(1);

        /** @return calls per period, 0 for none */
        public long getRequests() {
            return requests;
        }

        /** @param requests calls per period, 0 for none */
        public void setRequests(long requests) {
            this.requests = requests;
        }

        /** @return the period */
        public Duration getPeriod() {
            return period;
        }

        /** @param period the period */
        public void setPeriod(Duration period) {
            this.period = period;
        }

        @Nullable RateLimit toRateLimit(String property) {
            if (requests < 0) {
                throw new IllegalArgumentException(property + ".requests must be 0 (no limit) or more, was " + requests);
            }
            if (requests == 0) {
                return null;
            }
            if (period == null || period.toMillis() < 1) {
                throw new IllegalArgumentException(property + ".period must be at least 1ms, was " + period);
            }
            return new RateLimit(requests, period);
        }
    }
}
