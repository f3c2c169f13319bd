package dev.kaizen.nexus.runs;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import javax.net.ssl.SSLException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.kaizen.core.FieldError;
import dev.kaizen.nexus.LogSafe;
import dev.kaizen.nexus.channel.CallFailure;
import dev.kaizen.nexus.channel.FailureKind;
import dev.kaizen.nexus.security.SecuritySettings;

/**
 * Delivers the end of runs that named a {@code callbackUrl}: a POST of the run's final JSON,
 * signed after the Standard Webhooks scheme ({@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature}), tried until the receiver answers 2xx or the attempts run out, with
 * exponential backoff and jitter between them. Callback hosts must be on the allow-list, and
 * redirects are not followed, so a caller cannot make the server call where it should not.
 */
final class Webhooks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);

    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final WebhookSettings settings;

    private final @Nullable WebhookSigner signer;

    /**
     * Made only when webhooks are on: a client loads the JDK's TLS trust store and keeps a
     * selector thread in native code, which alone holds the JVM's exit back by 300 ms.
     */
    private final @Nullable HttpClient http;

    Webhooks(WebhookSettings settings) {
        this.settings = settings;
        this.signer = settings.secret() == null ? null : new WebhookSigner(settings.secret());
        this.http = signer == null ? null : HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT_TIMEOUT).build();
    }

    private volatile boolean closed;

    /** Stops the client's selector thread; deliveries under way fail and are recorded as such. */
    @Override
    public void close() {
        closed = true;
        if (http != null) {
            http.shutdownNow();
        }
    }

    /**
     * @param callbackUrl a caller's {@code callbackUrl}
     * @return it, checked: absolute http(s), on the allow-list, with webhooks configured
     * @throws CallFailure {@code invalid-request} naming {@code callbackUrl} and the problem
     */
    String check(String callbackUrl) {
        URI uri;
        try {
            uri = new URI(callbackUrl);
        }
        catch (URISyntaxException e) {
            throw refused("not a URL: " + LogSafe.escape(e.getReason()));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getUserInfo() != null) {
            throw refused("expected an absolute http or https URL without user info");
        }
        if (signer == null) {
            throw refused("webhooks are off on this server (kaizen.nexus.runs.webhooks.secret is not set)");
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        List<String> allowed = settings.allowedHosts();
        if (!SecuritySettings.hostMatches(uri.getHost() + ":" + port, allowed)
                && !(uri.getPort() == -1 && SecuritySettings.hostMatches(uri.getHost(), allowed))) {
            throw refused("host " + LogSafe.escape(uri.getHost() + ":" + port)
                    + " is not in kaizen.nexus.runs.webhooks.allowed-hosts");
        }
        return callbackUrl;
    }

    private static CallFailure refused(String problem) {
        return CallFailure.of(FailureKind.INVALID_REQUEST, "callbackUrl is refused",
                List.of(new FieldError("callbackUrl", problem)));
    }

    /**
     * Delivers one run's end, on the calling thread, until delivered or out of attempts.
     *
     * @param run the run, ended
     * @param body its final JSON
     * @param attempted told of each attempt
     */
    void deliver(RunRecord run, String body, Consumer<RunRecord.Delivery> attempted) throws InterruptedException {
        if (http == null || signer == null) {
            return; // check refused every callback: there is nothing to deliver to
        }
        String id = "msg_" + run.runId();
        URI target = URI.create(run.callbackUrl());
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            if (attempt > 1) {
                Thread.sleep(backoff(attempt));
            }
            long timestamp = Instant.now().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(target).timeout(TIMEOUT)
                    .header("Content-Type", "application/json").header("webhook-id", id)
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", signer.sign(id, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            Integer status = null;
            String error;
            try {
                status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                error = status / 100 == 2 ? null : "the receiver answered HTTP " + status;
            }
            catch (IOException e) {
                error = closed ? "not delivered: the server stopped before an answer came" : inWords(e);
            }
            attempted.accept(new RunRecord.Delivery(attempt, Instant.now(), status, error));
            if (error == null) {
                return;
            }
        }
        log.warn("Run {}: its end could not be delivered to its callback after {} attempts", run.runId(),
                settings.maxAttempts());
    }

    /**
     * @param failure why an attempt got no answer
     * @return the reason in words for the run's record, naming no Java class (a client reads it)
     */
    static String inWords(IOException failure) {
        if (failure instanceof HttpConnectTimeoutException) {
            return "could not connect: timed out after " + CONNECT_TIMEOUT.toSeconds() + " s";
        }
        if (failure instanceof HttpTimeoutException) {
            return "no answer: timed out after " + TIMEOUT.toSeconds() + " s";
        }
        if (causedBy(failure, UnresolvedAddressException.class)) {
            return "could not connect: the host name does not resolve";
        }
        if (failure instanceof ConnectException) { // the JDK's client says no more than that, as a rule
            return mentions(failure, "unreachable") || mentions(failure, "no route")
                    ? "could not connect: the host cannot be reached" : "could not connect: connection refused";
        }
        if (failure instanceof SSLException) {
            if (causedBy(failure, GeneralSecurityException.class)) {
                return "TLS handshake failed: the receiver's certificate is not trusted";
            }
            return mentions(failure, "unrecognized ssl message") || mentions(failure, "plaintext")
                    ? "TLS handshake failed: the receiver does not speak HTTPS" : "TLS handshake failed";
        }
        if (failure instanceof EOFException || failure instanceof SocketException || mentions(failure, "no bytes")) {
            return "no answer: the receiver closed the connection";
        }
        return "no answer: the connection failed";
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the failure's text, or a cause's, contains these words (matched, never shown). */
    private static boolean mentions(Throwable failure, String words) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().toLowerCase(Locale.ROOT).contains(words)) {
                return true;
            }
        }
        return false;
    }

    /** Equal jitter: half the exponential step, plus a random share of the other half. */
    private Duration backoff(int attempt) {
        long step = Math.min(MAX_BACKOFF.toMillis(), settings.initialBackoff().toMillis() << Math.min(20, attempt - 2));
        return Duration.ofMillis(step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1));
    }
}
