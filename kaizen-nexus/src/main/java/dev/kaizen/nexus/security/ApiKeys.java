package dev.kaizen.nexus.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API keys a Nexus accepts, each the key of one named client. Keys are kept only as SHA-256
 * digests: a presented key is hashed once and looked up by its digest, so checking one costs a
 * hash and a map lookup whatever the number of clients, and the time taken says nothing about how
 * close a wrong key came.
 *
 * <p>Configured values are {@code {sha256}<64 hex digits>} (the digest of the key, as
 * {@code printf %s "$KEY" | sha256sum} prints it) or, for development only,
 * {@code {noop}<the key itself>}.
 */
public final class ApiKeys {

    /** The prefix of a hashed key. */
    public static final String SHA256 = "{sha256}";

    /** The prefix of a key written in the clear (development only). */
    public static final String NOOP = "{noop}";

    private static final Pattern HEX_DIGEST = Pattern.compile("[0-9a-fA-F]{64}");

    private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Map<String, String> clientByDigest;

    private final List<String> plainTextClients;

    private ApiKeys(Map<String, String> clientByDigest, List<String> plainTextClients) {
        this.clientByDigest = Map.copyOf(clientByDigest);
        this.plainTextClients = List.copyOf(plainTextClients);
    }

    /**
     * @return no keys: API keys are not a way in
     */
    public static ApiKeys none() {
        return new ApiKeys(Map.of(), List.of());
    }

    /**
     * @param configured client name to configured value ({@code {sha256}...} or {@code {noop}...})
     * @return the keys
     * @throws IllegalArgumentException naming the client whose name or value is not usable, or two
     *     clients that share a key
     */
    public static ApiKeys of(Map<String, String> configured) {
        Map<String, String> byDigest = new HashMap<>();
        List<String> plain = new ArrayList<>();
        configured.forEach((client, value) -> {
            if (!CLIENT_NAME.matcher(client).matches()) {
                throw new IllegalArgumentException("API key client name '" + client + "' must be 1 to 64 letters, "
                        + "digits, '.', '_' or '-', starting with a letter or digit");
            }
            String digest = digestOf(client, value == null ? "" : value.strip());
            if (value != null && value.strip().startsWith(NOOP)) {
                plain.add(client);
            }
            String other = byDigest.putIfAbsent(digest, client);
            if (other != null) {
                throw new IllegalArgumentException("API key clients '" + other + "' and '" + client
                        + "' have the same key; give each client its own");
            }
        });
        return new ApiKeys(byDigest, plain.stream().sorted().toList());
    }

    private static String digestOf(String client, String value) {
        String property = "kaizen.nexus.security.api-keys." + client;
        if (value.startsWith(SHA256)) {
            String hex = value.substring(SHA256.length());
            if (!HEX_DIGEST.matcher(hex).matches()) {
                throw new IllegalArgumentException(property + " must be {sha256} followed by 64 hex digits "
                        + "(the SHA-256 of the key), was {sha256} and " + hex.length() + " characters");
            }
            return hex.toLowerCase(Locale.ROOT);
        }
        if (value.startsWith(NOOP)) {
            String key = value.substring(NOOP.length());
            if (key.length() < 16) {
                throw new IllegalArgumentException(property + " must be a key of at least 16 characters, was "
                        + key.length());
            }
            return sha256(key);
        }
        throw new IllegalArgumentException(property + " must start with {sha256} (the SHA-256 of the key, in hex) "
                + "or {noop} (the key itself, for development)");
    }

    /**
     * @param presented a key as a client sent it
     * @return the client whose key it is, if any
     */
    public Optional<String> clientOf(String presented) {
        return clientByDigest.isEmpty() ? Optional.empty() : Optional.ofNullable(clientByDigest.get(sha256(presented)));
    }

    /**
     * @return whether any key is configured
     */
    public boolean isEmpty() {
        return clientByDigest.isEmpty();
    }

    /**
     * @return the clients whose key is configured in the clear ({@code {noop}}), for the start-up
     *     warning
     */
    public List<String> plainTextClients() {
        return plainTextClients;
    }

    /**
     * @param key a key
     * @return its SHA-256 in lower-case hex, as {@code {sha256}} values carry it
     */
    public static String sha256(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
