package dev.kaizen.nexus.metrics;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

/**
 * A JSON Lines log of workflow runs: one line when a run starts and one when it completes, with
 * time, workflow, channel, session, duration and outcome, so {@code jq} finds the slow ones.
 *
 * <h2>Never blocking a request</h2>
 * Requests only offer events to a bounded queue; a daemon thread writes them. When the queue is
 * full (the disk cannot keep up) events are dropped and counted, never waited for.
 *
 * <h2>Rotation</h2>
 * Daily (UTC): on the first event of a new day the file is renamed with the old day's date
 * ({@code events.jsonl.2026-11-21}) and a new one started.
 */
public final class WorkflowEventLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkflowEventLog.class);

    private static final int CAPACITY = 10_000;

    private static final Map<String, Object> STOP = Map.of();

    private final Path path;

    private final Clock clock;

    private final BlockingQueue<Map<String, Object>> queue = new ArrayBlockingQueue<>(CAPACITY);

    private final LongAdder dropped = new LongAdder();

    private final JsonMapper json = JsonMapper.builder().build();

    private final Thread writer;

    /** Owned by the writer thread. */
    private @Nullable BufferedWriter out;

    /** Owned by the writer thread: the UTC day the open file belongs to. */
    private @Nullable LocalDate day;

    /**
     * Starts the log's writer thread.
     *
     * @param path the log file; its directory is created if missing
     * @param clock stamps events and decides the day
     */
    public WorkflowEventLog(Path path, Clock clock) {
        this.path = path.toAbsolutePath();
        this.clock = clock;
        this.writer = Thread.ofPlatform().daemon().name("kaizen-event-log").start(this::drain);
    }

    /**
     * @param workflow the workflow
     * @param channel the channel
     * @param sessionId the session, or {@code null}
     */
    public void started(String workflow, String channel, @Nullable String sessionId) {
        offer(event("start", workflow, channel, sessionId, null, null));
    }

    /**
     * @param workflow the workflow
     * @param channel the channel
     * @param sessionId the session, or {@code null}
     * @param nanos how long the run took
     * @param outcome how it ended
     */
    public void completed(String workflow, String channel, @Nullable String sessionId, long nanos, Outcome outcome) {
        offer(event("complete", workflow, channel, sessionId, nanos / 1e6, outcome.tag()));
    }

    /**
     * @return events dropped because the writer could not keep up
     */
    public long dropped() {
        return dropped.sum();
    }

    /** Writes what is queued and stops the writer thread. */
    @Override
    public void close() {
        try {
            queue.put(STOP);
            writer.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<String, Object> event(String event, String workflow, String channel, @Nullable String sessionId,
            @Nullable Double durationMs, @Nullable String outcome) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", clock.instant().toString());
        line.put("event", event);
        line.put("workflow", workflow);
        line.put("channel", channel);
        line.put("session", sessionId);
        if (durationMs != null) {
            line.put("durationMs", durationMs);
            line.put("outcome", outcome);
        }
        return line;
    }

    private void offer(Map<String, Object> event) {
        if (!queue.offer(event)) {
            dropped.increment();
        }
    }

    private void drain() {
        try {
            while (true) {
                Map<String, Object> event = queue.take();
                if (event == STOP) {
                    break;
                }
                write(event);
                if (queue.isEmpty() && out != null) {
                    out.flush();
                }
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catch (IOException | RuntimeException e) {
            log.error("The workflow event log at {} stopped writing", path, e);
        }
        finally {
            closeFile();
        }
    }

    private void write(Map<String, Object> event) throws IOException {
        LocalDate today = LocalDate.ofInstant(Instant.parse((String) event.get("time")), ZoneOffset.UTC);
        if (out == null || !today.equals(day)) {
            rotate(today);
        }
        out.write(json.writeValueAsString(event));
        out.newLine();
    }

    private void rotate(LocalDate today) throws IOException {
        closeFile();
        Files.createDirectories(path.getParent());
        if (Files.exists(path)) {
            LocalDate fileDay = day != null ? day
                    : LocalDate.ofInstant(Files.getLastModifiedTime(path).toInstant(), ZoneOffset.UTC);
            if (!fileDay.equals(today)) {
                Files.move(path, path.resolveSibling(path.getFileName() + "." + fileDay),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        day = today;
    }

    private void closeFile() {
        if (out != null) {
            try {
                out.close();
            }
            catch (IOException e) {
                log.warn("Closing the workflow event log at {} failed", path, e);
            }
            out = null;
        }
    }
}
