package dev.kaizen.nexus.autoconfigure;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.kaizen.nexus.ModelEndpoint;

/**
 * Actuator's view of the configured model endpoint ({@code kaizen.model.base-url}): UP while it
 * accepts connections, DOWN with the reason when not. The check is {@link ModelEndpoint}'s (cached,
 * reachability only), shared with the Nexus's own {@code /health}.
 */
final class ModelEndpointHealth implements HealthIndicator {

    private final ModelEndpoint endpoint;

    ModelEndpointHealth(ModelEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public Health health() {
        ModelEndpoint.Reachability now = endpoint.check();
        Health.Builder health = now.reachable() ? Health.up() : Health.down().withDetail("error", now.error());
        return health.withDetail("endpoint", endpoint.address()).build();
    }
}
