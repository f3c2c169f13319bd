package dev.kaizen.nexus.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import dev.kaizen.nexus.deploy.DeploymentCache;
import dev.kaizen.nexus.rest.RestConfig;

/** The {@code kaizen.nexus.*} properties of a Nexus inside a Spring Boot application. */
@ConfigurationProperties(NexusProperties.CONFIG_PREFIX)
public class NexusProperties {

    /** The prefix of every Nexus property. */
    public static final String CONFIG_PREFIX = "kaizen.nexus";

    /** Whether to create a Nexus in this application. */
    private boolean enabled = true;

    /** The REST channel. */
    private final Rest rest = new Rest();

    /** The process-wide deployment cache. */
    private final Cache deploymentCache = new Cache();

    /**
     * @return whether to create a Nexus
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * @param enabled whether to create a Nexus
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * @return the REST channel's properties
     */
    public Rest getRest() {
        return rest;
    }

    /**
     * @return the deployment cache's properties
     */
    public Cache getDeploymentCache() {
        return deploymentCache;
    }

    /** {@code kaizen.nexus.rest.*}. */
    public static class Rest {

        /** The path prefix of workflows deployed without one of their own. */
        private String pathPrefix = RestConfig.DEFAULT_PATH_PREFIX;

        /** The largest request body accepted; larger ones get 413. */
        private DataSize maxRequestSize = DataSize.ofBytes(RestConfig.DEFAULT_MAX_REQUEST_BYTES);

        /**
         * @return the path prefix
         */
        public String getPathPrefix() {
            return pathPrefix;
        }

        /**
         * @param pathPrefix the path prefix
         */
        public void setPathPrefix(String pathPrefix) {
            this.pathPrefix = pathPrefix;
        }

        /**
         * @return the largest request body accepted
         */
        public DataSize getMaxRequestSize() {
            return maxRequestSize;
        }

        /**
         * @param maxRequestSize the largest request body accepted
         */
        public void setMaxRequestSize(DataSize maxRequestSize) {
            this.maxRequestSize = maxRequestSize;
        }
    }

    /** {@code kaizen.nexus.deployment-cache.*}. */
    public static class Cache {

        /** The most built workflows the deployment cache holds. */
        private long maximumSize = DeploymentCache.DEFAULT_MAXIMUM_SIZE;

        /**
         * @return the most built workflows held
         */
        public long getMaximumSize() {
            return maximumSize;
        }

        /**
         * @param maximumSize the most built workflows held
         */
        public void setMaximumSize(long maximumSize) {
            this.maximumSize = maximumSize;
        }
    }
}
