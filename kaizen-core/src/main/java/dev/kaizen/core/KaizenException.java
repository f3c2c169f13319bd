package dev.kaizen.core;

/**
 * Base of every exception Kaizen throws on purpose; its message is safe to show a client.
 *
 * <p>Channels map each subclass to their own wire form (an HTTP status, an MCP error result, a
 * shell exit code) and show {@link #getMessage()} as it is; no stack trace reaches a client.
 */
public abstract class KaizenException extends RuntimeException {

    /**
     * @param message a message that names what failed and why
     * @param cause the underlying failure, or {@code null}
     */
    protected KaizenException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param message a message that names what failed and why
     */
    protected KaizenException(String message) {
        super(message);
    }
}
