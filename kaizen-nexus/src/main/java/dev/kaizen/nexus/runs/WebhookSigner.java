package dev.kaizen.nexus.runs;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a webhook after the Standard Webhooks scheme: the signed content is
 * {@code <webhook-id>.<webhook-timestamp>.<body>}, and {@code webhook-signature} is {@code v1,}
 * followed by the base64 HMAC-SHA256 of it under the secret (the bytes after {@code whsec_}, base64
 * decoded). Receivers verify with any Standard Webhooks library, or by recomputing it.
 */
final class WebhookSigner {

    private static final String PREFIX = "whsec_";

    private final SecretKeySpec key;

    WebhookSigner(String secret) {
        this.key = keyOf(secret);
    }

    /** @throws IllegalArgumentException if the secret is not {@code whsec_} followed by base64 */
    static SecretKeySpec keyOf(String secret) {
        if (!secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("the webhook secret must start with " + PREFIX
                    + " followed by base64 (Standard Webhooks), such as whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        }
        catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("the webhook secret after " + PREFIX + " is not base64");
        }
        if (bytes.length < 16) {
            throw new IllegalArgumentException("the webhook secret must hold at least 16 bytes, has " + bytes.length);
        }
        return new SecretKeySpec(bytes, "HmacSHA256");
    }

    /** @return the {@code webhook-signature} header's value for this message */
    String sign(String id, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] signature = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signature);
        }
        catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
