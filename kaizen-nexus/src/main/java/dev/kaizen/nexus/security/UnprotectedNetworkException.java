package dev.kaizen.nexus.security;

/**
 * Thrown at start-up when the web server would listen beyond loopback while no credential source
 * is configured: anyone who can reach the port could run every agent. Spring Boot reports it with
 * a Description and an Action naming the properties to set.
 */
public final class UnprotectedNetworkException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String address;

    /**
     * @param address the address the server would bind ({@code all interfaces} when unset)
     */
    public UnprotectedNetworkException(String address) {
        super("the web server would listen on " + address + " (beyond loopback) and no credential source is configured");
        this.address = address;
    }

    /**
     * @return the address the server would bind
     */
    public String address() {
        return address;
    }
}
