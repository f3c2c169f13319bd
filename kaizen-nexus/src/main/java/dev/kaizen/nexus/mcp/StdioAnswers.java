package dev.kaizen.nexus.mcp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * Counts the requests a stdio client sent and the answers written to it, so that a server whose
 * client closed its input (how a stdio client says it is done) still answers what it had read
 * before it exits: a client that writes its last requests and closes at once gets every answer.
 */
final class StdioAnswers {

    /** How every answer starts as the SDK writes it (a request or notification has its method second). */
    private static final byte[] ANSWER = "{\"jsonrpc\":\"2.0\",\"id\":".getBytes(StandardCharsets.UTF_8);

    private long requested;

    private long answered;

    /** Told by the input side: a message with an id and a method arrived. */
    synchronized void requestRead() {
        requested++;
    }

    private synchronized void answerWritten() {
        answered++;
        notifyAll();
    }

    /**
     * Waits until every request read so far is answered, or the time is up.
     *
     * @return whether all were answered
     */
    synchronized boolean awaitAllAnswered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (answered < requested) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** @return the stream to write the SDK's messages to, counting the answers among them */
    OutputStream counting(OutputStream out) {
        return new FilterOutputStream(out) {

            private boolean atLineStart = true;

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (atLineStart && length >= ANSWER.length
                        && Arrays.equals(bytes, offset, offset + ANSWER.length, ANSWER, 0, ANSWER.length)) {
                    answerWritten();
                }
                out.write(bytes, offset, length);
                if (length > 0) {
                    atLineStart = bytes[offset + length - 1] == '\n';
                }
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                atLineStart = b == '\n';
            }
        };
    }
}
