package dev.kaizen.nexus.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.jspecify.annotations.Nullable;

/**
 * The start-up rule for a server reachable from other machines: binding beyond loopback needs a
 * credential source, or the explicit opt-out of a deployment behind an authenticating gateway.
 */
public final class NetworkExposure {

    private NetworkExposure() {
    }

    /**
     * @param serverAddress {@code server.address}, or {@code null} for all interfaces
     * @param settings the security settings
     * @throws UnprotectedNetworkException if the address is not loopback and nothing protects it
     */
    public static void check(@Nullable String serverAddress, SecuritySettings settings) {
        if (settings.authenticationRequired() || settings.allowUnauthenticatedNetwork() || isLoopback(serverAddress)) {
            return;
        }
        throw new UnprotectedNetworkException(serverAddress == null || serverAddress.isBlank() ? "all interfaces"
                : serverAddress);
    }

    /**
     * @param address an address or host name, or {@code null} for all interfaces
     * @return whether only this machine can reach it
     */
    static boolean isLoopback(@Nullable String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        String literal = address.strip();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        }
        catch (UnknownHostException e) {
            return false;
        }
    }
}
