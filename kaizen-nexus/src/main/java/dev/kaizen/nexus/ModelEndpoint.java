package dev.kaizen.nexus;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The model endpoint a Nexus's agents call, checked for {@link Nexus#health()}: a TCP connection
 * to its host and port, no request and so no key and no cost, at most every
 * {@value #CHECK_EVERY_SECONDS} seconds however often health is asked. Reachability only: a server
 * that answers every request with an error is still reachable here. Safe to share between threads.
 */
public final class ModelEndpoint {

    /** How long one check's answer is reused. */
    public static final long CHECK_EVERY_SECONDS = 30;

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private final String address;

    private final String host;

    private final int port;

    private volatile long checkedNanos;

    private volatile @Nullable Reachability last;

    private ModelEndpoint(String host, int port, String address) {
        this.host = host;
        this.port = port;
        this.address = address;
    }

    /**
     * @param baseUrl the model's base URL, such as {@code http://localhost:11434/v1}
     * @return the endpoint to check
     * @throws IllegalArgumentException if it is not an http or https URL with a host
     */
    public static ModelEndpoint of(String baseUrl) {
        URI uri = URI.create(Objects.requireNonNull(baseUrl, "baseUrl"));
        String scheme = uri.getScheme();
        if (uri.getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw new IllegalArgumentException("a model base URL is http:// or https:// with a host, such as "
                    + "http://localhost:11434/v1; was '" + LogSafe.escape(baseUrl) + "'");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(scheme) ? 443 : 80;
        return new ModelEndpoint(uri.getHost(), port, scheme + "://" + uri.getHost() + ":" + port);
    }

    /** @return scheme, host and port, without the path or anything secret */
    public String address() {
        return address;
    }

    /** @return whether it accepted a connection, checked now or at most {@value #CHECK_EVERY_SECONDS} s ago */
    public Reachability check() {
        long now = System.nanoTime();
        Reachability cached = last;
        if (cached != null && now - checkedNanos < Duration.ofSeconds(CHECK_EVERY_SECONDS).toNanos()) {
            return cached;
        }
        Reachability checked;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
            checked = new Reachability(true, null);
        }
        catch (IOException unreachable) {
            checked = new Reachability(false, unreachable.getClass().getSimpleName() + ": " + unreachable.getMessage());
        }
        checkedNanos = now;
        last = checked;
        return checked;
    }

    @Override
    public String toString() {
        return "ModelEndpoint[" + address + "]";
    }

    /**
     * @param reachable whether the endpoint accepted a connection
     * @param error why not, when it did not
     */
    public record Reachability(boolean reachable, @Nullable String error) {
    }
}
