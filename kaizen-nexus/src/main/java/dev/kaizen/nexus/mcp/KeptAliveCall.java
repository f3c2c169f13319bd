package dev.kaizen.nexus.mcp;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.jspecify.annotations.Nullable;

/**
 * The answer stream of one running {@code tools/call}, with heartbeats: between two of the
 * transport's events, {@link #beat()} writes an SSE comment line. That keeps proxies from cutting a
 * long call, and it is how a client that closed the stream is noticed at all: the servlet
 * container reports a closed connection only when a write fails, and a silent run writes nothing.
 * <p>
 * The transport writes an event in several writes and then flushes; a beat goes out only when
 * every write since the last flush has been flushed, so it never lands inside an event. A comment
 * line on its own (no blank line after it) dispatches nothing in any SSE parser.
 */
final class KeptAliveCall extends HttpServletResponseWrapper {

    private static final String COMMENT = ": keep-alive\n";

    private final ReentrantLock writing = new ReentrantLock();

    private final Runnable clientGone;

    /** True while the transport is in the middle of an event (written, not flushed yet). */
    private boolean midEvent;

    /** Set when the call has been answered: no beat may touch the response after that. */
    private boolean ended;

    private volatile @Nullable PrintWriter target;

    private @Nullable PrintWriter handedOut;

    /**
     * @param response the transport's response
     * @param clientGone called when a beat finds the client gone
     */
    KeptAliveCall(HttpServletResponse response, Runnable clientGone) {
        super(response);
        this.clientGone = clientGone;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        writing.lock();
        try {
            if (handedOut == null) {
                PrintWriter writer = super.getWriter();
                handedOut = new PrintWriter(new EventWriter(writer));
                target = writer;
            }
            return handedOut;
        }
        finally {
            writing.unlock();
        }
    }

    /** Writes a comment unless an event is being written; tells {@code clientGone} if the client left. */
    void beat() {
        PrintWriter writer = target;
        if (writer == null || !isEventStream() || !writing.tryLock()) {
            return; // no stream (yet), or an event is being written: that keeps the connection alive as well
        }
        boolean gone;
        try {
            if (midEvent || ended) {
                return;
            }
            writer.write(COMMENT);
            writer.flush();
            gone = writer.checkError();
        }
        finally {
            writing.unlock();
        }
        if (gone) {
            clientGone.run();
        }
    }

    /**
     * The call was answered. Waits for a beat in progress and lets none start after it, since the
     * container recycles the response for another request once the call's dispatch returns.
     */
    void end() {
        writing.lock();
        try {
            ended = true;
        }
        finally {
            writing.unlock();
        }
    }

    private boolean isEventStream() {
        String type = getContentType();
        return type != null && type.startsWith("text/event-stream");
    }

    /** The transport's writes, passed straight through, noting where events end. */
    private final class EventWriter extends Writer {

        private final PrintWriter out;

        EventWriter(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            writing.lock();
            try {
                midEvent = true;
                out.write(chars, offset, length);
            }
            finally {
                writing.unlock();
            }
        }

        @Override
        public void write(String text, int offset, int length) {
            writing.lock();
            try {
                midEvent = true;
                out.write(text, offset, length);
            }
            finally {
                writing.unlock();
            }
        }

        @Override
        public void flush() throws IOException {
            writing.lock();
            try {
                out.flush();
                midEvent = false;
                if (out.checkError()) {
                    throw new IOException("the client closed the stream");
                }
            }
            finally {
                writing.unlock();
            }
        }

        @Override
        public void close() {
            out.close();
        }
    }
}
