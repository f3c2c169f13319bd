package dev.kaizen.nexus;

import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * How one deployment is made. Immutable; {@link #defaults()} uses the cache and the Nexus's REST
 * path prefix.
 *
 * <pre>{@code
 * Deployments.deployAsApi(agent, nexus, "qa", DeployOptions.builder().useCache(false).build());
 * }</pre>
 */
public final class DeployOptions {

    /** Whether deployments reuse built workflows by default. */
    public static final boolean DEFAULT_USE_CACHE = true;

    private static final Pattern PATH_PREFIX = Pattern.compile("(/[A-Za-z0-9_.~-]+)+");

    private static final DeployOptions DEFAULTS = builder().build();

    private final boolean useCache;

    private final @Nullable String restPathPrefix;

    private DeployOptions(Builder builder) {
        this.useCache = builder.useCache;
        this.restPathPrefix = builder.restPathPrefix;
    }

    /**
     * @return the options every deployment gets unless told otherwise
     */
    public static DeployOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @return a builder holding the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return whether to reuse a built workflow with the same fingerprint from the deployment
     *     cache (and to store this one there); {@code false} builds afresh and leaves the cache
     *     untouched
     */
    public boolean useCache() {
        return useCache;
    }

    /**
     * @return the REST path prefix for this deployment, or {@code null} for the Nexus's own
     *     ({@code /api/workflows} unless configured)
     */
    public @Nullable String restPathPrefix() {
        return restPathPrefix;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof DeployOptions that && useCache == that.useCache
                && Objects.equals(restPathPrefix, that.restPathPrefix);
    }

    @Override
    public int hashCode() {
        return Objects.hash(useCache, restPathPrefix);
    }

    @Override
    public String toString() {
        return "DeployOptions[useCache=" + useCache + ", restPathPrefix=" + restPathPrefix + "]";
    }

    /**
     * Checks a REST path prefix: one or more {@code /segment}s, no trailing slash.
     *
     * @param prefix the prefix
     * @return the prefix
     * @throws IllegalArgumentException naming the prefix if it is malformed
     */
    public static String requireValidPathPrefix(String prefix) {
        Objects.requireNonNull(prefix, "restPathPrefix");
        if (!PATH_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("REST path prefix '" + prefix
                    + "' is invalid: use one or more /segments of letters, digits, '.', '_', '~' or '-', "
                    + "without a trailing slash, such as /api/workflows");
        }
        return prefix;
    }

    /** Builds {@link DeployOptions}. */
    public static final class Builder {

        private boolean useCache = DEFAULT_USE_CACHE;

        private @Nullable String restPathPrefix;

        private Builder() {
        }

        /**
         * @param useCache whether to reuse and store built workflows
         * @return this builder
         */
        public Builder useCache(boolean useCache) {
            this.useCache = useCache;
            return this;
        }

        /**
         * @param restPathPrefix a path such as {@code /v2/agents}, or {@code null} for the Nexus's
         * @return this builder
         */
        public Builder restPathPrefix(@Nullable String restPathPrefix) {
            this.restPathPrefix = restPathPrefix == null ? null : requireValidPathPrefix(restPathPrefix);
            return this;
        }

        /**
         * @return the options
         */
        public DeployOptions build() {
            return new DeployOptions(this);
        }
    }
}
