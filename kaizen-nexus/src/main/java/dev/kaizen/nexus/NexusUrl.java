package dev.kaizen.nexus;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/** The address of a running Nexus as the remote shell takes it: {@code http(s)://host[:port][/path]}. */
final class NexusUrl {

    /** The rule in words, for the error line. */
    static final String RULE = "must be an http:// or https:// address such as http://127.0.0.1:8000";

    private NexusUrl() {
    }

    /**
     * @param text what the user typed
     * @return the address, if it follows the rule
     */
    static Optional<URI> parse(String text) {
        try {
            URI uri = new URI(text.strip());
            boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            return web && uri.getHost() != null && uri.getRawQuery() == null && uri.getRawFragment() == null
                    ? Optional.of(uri) : Optional.empty();
        }
        catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
