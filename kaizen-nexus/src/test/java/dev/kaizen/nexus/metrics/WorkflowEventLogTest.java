package dev.kaizen.nexus.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WorkflowEventLogTest {

    @TempDir
    Path dir;

    /** A clock a test sets. */
    static final class SetClock extends Clock {

        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-21T23:59:58Z"));

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void writesOneJsonLinePerStartAndCompletion() throws Exception {
        Path path = dir.resolve("logs/events.jsonl");
        try (WorkflowEventLog log = new WorkflowEventLog(path, new SetClock())) {
            log.started("qa", "api", "s-1");
            log.completed("qa", "api", "s-1", 2_500_000, Outcome.SUCCESS);
        }

        List<String> lines = Files.readAllLines(path);
        JsonMapper json = JsonMapper.builder().build();
        JsonNode start = json.readTree(lines.get(0));
        JsonNode done = json.readTree(lines.get(1));
        assertThat(lines).hasSize(2);
        assertThat(start.get("event").asString()).isEqualTo("start");
        assertThat(start.get("workflow").asString()).isEqualTo("qa");
        assertThat(start.get("session").asString()).isEqualTo("s-1");
        assertThat(done.get("event").asString()).isEqualTo("complete");
        assertThat(done.get("durationMs").asDouble()).isEqualTo(2.5);
        assertThat(done.get("outcome").asString()).isEqualTo("success");
        assertThat(done.get("time").asString()).isEqualTo("2026-11-21T23:59:58Z");
    }

    @Test
    void rotatesDaily() throws Exception {
        Path path = dir.resolve("events.jsonl");
        SetClock clock = new SetClock();
        try (WorkflowEventLog log = new WorkflowEventLog(path, clock)) {
            log.started("qa", "api", null);
            clock.now.set(Instant.parse("2026-11-22T00:00:01Z"));
            log.started("qa", "mcp", null);
        }

        assertThat(Files.readAllLines(dir.resolve("events.jsonl.2026-11-21"))).singleElement().asString()
                .contains("\"channel\":\"api\"");
        assertThat(Files.readAllLines(path)).singleElement().asString().contains("\"channel\":\"mcp\"");
    }
}
