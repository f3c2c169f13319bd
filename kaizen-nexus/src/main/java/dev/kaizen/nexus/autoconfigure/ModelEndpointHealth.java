package dev.kaizen.nexus.autoconfigure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether the configured model endpoint ({@code kaizen.model.base-url}) can be reached: a TCP
 * connection to its host and port, no request and so no key and no cost, at most every
 * {@value #CHECK_EVERY_SECONDS} seconds however often health is asked. Reachability only: a
 * server that answers every request with an error is still UP here.
 */
final class ModelEndpointHealth implements HealthIndicator {

    static final long CHECK_EVERY_SECONDS = 30;

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private final String endpoint;

    private final InetSocketAddress address;

    private volatile long checkedNanos;

    private volatile Health last = Health.unknown().build();

    /**
     * @param baseUrl the model's base URL, such as {@code http://localhost:11434/v1}
     */
    ModelEndpointHealth(String baseUrl) {
        URI uri = URI.create(baseUrl);
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        this.endpoint = uri.getScheme() + "://" + uri.getHost() + ":" + port;
        this.address = InetSocketAddress.createUnresolved(uri.getHost(), port);
    }

    @Override
    public Health health() {
        long now = System.nanoTime();
        if (checkedNanos != 0 && now - checkedNanos < CHECK_EVERY_SECONDS * 1_000_000_000L) {
            return last;
        }
        checkedNanos = now;
        Health.Builder health;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()),
                    (int) CONNECT_TIMEOUT.toMillis());
            health = Health.up();
        }
        catch (IOException unreachable) {
            health = Health.down().withDetail("error", unreachable.getClass().getSimpleName() + ": "
                    + unreachable.getMessage());
        }
        last = health.withDetail("endpoint", endpoint).build();
        return last;
    }
}
