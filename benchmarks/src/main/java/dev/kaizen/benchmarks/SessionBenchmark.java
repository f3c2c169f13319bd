package dev.kaizen.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import com.github.benmanes.caffeine.cache.Ticker;

import dev.kaizen.nexus.session.NexusSessionManager;
import dev.kaizen.nexus.session.Session;

/** The in-memory session store: create, update (merge), get, cleanup, and updates under contention. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
public class SessionBenchmark {

    private static final Map<String, Object> UPDATE = Map.of("topic", "kaizen", "turn", 3);

    /** One manager, and one session every thread shares. */
    @State(Scope.Benchmark)
    public static class Shared {

        NexusSessionManager sessions;

        String session;

        @Setup
        public void setUp() {
            sessions = NexusSessionManager.builder().maxSessions(200_000).build();
            session = sessions.createSession().id();
        }
    }

    /** A session of each thread's own, in the shared manager. */
    @State(Scope.Thread)
    public static class Own {

        String session;

        @Setup
        public void setUp(Shared shared) {
            session = shared.sessions.createSession().id();
        }
    }

    /** 1,000 sessions, all expired by a fake clock, before each cleanup. */
    @State(Scope.Thread)
    public static class Expired {

        final AtomicLong nanos = new AtomicLong();

        NexusSessionManager sessions;

        @Setup(Level.Invocation)
        public void fill() {
            Ticker ticker = nanos::get;
            sessions = NexusSessionManager.builder().sessionTtl(Duration.ofMinutes(1)).ticker(ticker)
                    .executor(Runnable::run).build();
            for (int i = 0; i < 1000; i++) {
                sessions.createSession();
            }
            nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        }
    }

    @Benchmark
    public Session create(Shared shared) {
        return shared.sessions.createSession();
    }

    @Benchmark
    public boolean update(Shared shared, Own own) {
        return shared.sessions.updateSessionState(own.session, UPDATE, "api");
    }

    @Benchmark
    public Optional<Session> get(Shared shared, Own own) {
        return shared.sessions.getSession(own.session);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int cleanup1000Expired(Expired expired) {
        return expired.sessions.cleanupExpiredSessions();
    }

    @Benchmark
    @Threads(2)
    public boolean updateOneSession2Threads(Shared shared) {
        return shared.sessions.updateSessionState(shared.session, UPDATE, "api");
    }

    @Benchmark
    @Threads(8)
    public boolean updateOneSession8Threads(Shared shared) {
        return shared.sessions.updateSessionState(shared.session, UPDATE, "api");
    }

    @Benchmark
    @Threads(2)
    public boolean updateOwnSessions2Threads(Shared shared, Own own) {
        return shared.sessions.updateSessionState(own.session, UPDATE, "api");
    }

    @Benchmark
    @Threads(8)
    public boolean updateOwnSessions8Threads(Shared shared, Own own) {
        return shared.sessions.updateSessionState(own.session, UPDATE, "api");
    }
}
