package dev.kaizen.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Computes {@link Agent#fingerprint()}: SHA-256 over a canonical JSON of every behaviour dimension. */
final class Fingerprints {

    private Fingerprints() {
    }

    static String of(Agent agent) {
        AgentConfig config = agent.config();
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("name", agent.name());
        canonical.put("description", agent.description());
        canonical.put("provider", config.provider());
        canonical.put("baseUrl", config.baseUrl());
        canonical.put("model", config.model());
        // Text, not a double: the canonical form must not depend on how a JSON writer prints 0.7.
        canonical.put("temperature", Double.toString(config.temperature()));
        canonical.put("maxTokens", config.maxTokens());
        canonical.put("systemPrompt", config.systemPrompt());
        canonical.put("timeoutNanos", config.timeout().toNanos());
        canonical.put("historyLimit", config.historyLimit());
        canonical.put("maxRetries", config.maxRetries());
        canonical.put("inputs", fields(agent.signature().inputs()));
        canonical.put("outputs", fields(agent.signature().outputs()));
        canonical.put("requiresSession", agent.signature().requiresSession());
        return sha256(Json.writeCanonical(canonical));
    }

    private static List<Map<String, Object>> fields(List<Field> fields) {
        List<Map<String, Object>> result = new ArrayList<>(fields.size());
        for (Field field : fields) {
            Map<String, Object> canonical = new LinkedHashMap<>();
            canonical.put("name", field.name());
            canonical.put("type", field.type().jsonName());
            canonical.put("description", field.description());
            canonical.put("required", field.required());
            canonical.put("default", field.defaultValue());
            result.add(canonical);
        }
        return result;
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException impossible) {
            // Every Java platform must provide SHA-256 (java.security.MessageDigest's contract).
            throw new IllegalStateException("SHA-256 is not available", impossible);
        }
    }
}
