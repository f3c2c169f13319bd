/**
 * The deployment registry: which workflow each name serves, on which channels, and the cache that
 * makes redeploys nearly free.
 *
 * <p>Public API: {@link dev.kaizen.nexus.deploy.Deployment} (what channels serve),
 * {@link dev.kaizen.nexus.deploy.DeploymentCache}, {@link dev.kaizen.nexus.deploy.DeploymentCacheStats}
 * and {@link dev.kaizen.nexus.deploy.DeploymentException}. Internal wiring, which may change
 * without notice: {@link dev.kaizen.nexus.deploy.DeploymentRegistry} (deploy through
 * {@link dev.kaizen.nexus.Deployments}).
 */
@NullMarked
package dev.kaizen.nexus.deploy;

import org.jspecify.annotations.NullMarked;
