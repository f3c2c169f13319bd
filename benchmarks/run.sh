#!/usr/bin/env bash
# Runs every benchmark of Kaizen for Java on this machine and writes the figures to
# benchmarks/results/<timestamp>/ as results.json and results.md.
#
#   benchmarks/run.sh            # the full run, about 15 minutes on 2 cores
#   benchmarks/run.sh --smoke    # each JMH benchmark once, minimal iterations (what CI runs)
#
# Loads go to 127.0.0.1 only, are bounded in time, and stop by themselves. Nothing else should
# run on the machine meanwhile: the figures are only as quiet as the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

SMOKE=false
[ "${1:-}" = "--smoke" ] && SMOKE=true

java_feature() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_feature "$JAVA_HOME")" -lt 21 ] 2>/dev/null; then
    for candidate in /usr/lib/jvm/*; do
        [ -x "$candidate/bin/javac" ] && [ "$(java_feature "$candidate")" -ge 21 ] && JAVA_HOME=$candidate
    done
fi
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"

if [ ! -f benchmarks/target/benchmarks.jar ] || [ ! -f kaizen-examples/target/kaizen-examples.jar ] \
    || [ ! -f kaizen-examples/target/kaizen ] || [ ! -f benchmarks/bare-boot/target/bare-boot.jar ]; then
    ./mvnw -q -B -DskipTests package
fi

if $SMOKE; then
    "$JAVA" -jar benchmarks/target/benchmarks.jar -f 1 -wi 0 -i 1 -r 100ms -foe true
    exit 0
fi

OUT="benchmarks/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

command -v wrk >/dev/null || { log "installing wrk"; apt-get update -qq >/dev/null; apt-get install -y -qq wrk >/dev/null; }

# 1. JMH: deployment, sessions, metrics, workflow, shell dispatch (fixed 1 GiB-2 GiB heaps, one fork).
log "JMH suite"
"$JAVA" -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1 -i 5 -r 1 -rf json -rff "$OUT/jmh.json" \
    > "$OUT/jmh.txt" 2>&1
log "JMH with -prof gc for allocation per operation"
"$JAVA" -jar benchmarks/target/benchmarks.jar -f 1 -wi 2 -w 1 -i 3 -r 1 -prof gc -rf json -rff "$OUT/jmh-gc.json" \
    'WorkflowBenchmark|SessionBenchmark\.(create|get|update)$|MetricsBenchmark\.record$|ShellBenchmark' \
    > "$OUT/jmh-gc.txt" 2>&1

# 2. The load server: a Nexus and the bare baselines in one JVM, on one Tomcat.
log "starting the load server"
"$JAVA" -Xms1g -Xmx1g -jar benchmarks/target/benchmarks-*-load.jar --server.port=0 \
    --kaizen.nexus.runs.workflows.slow.max-concurrent=100000 --kaizen.nexus.runs.workflows.slow.queue-length=0 \
    --logging.level.root=WARN > "$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do grep -q '^READY' "$OUT/server.log" && break; sleep 0.1; done
PORT=$(sed -n 's/^READY port=\([0-9]*\).*/\1/p' "$OUT/server.log")
[ -n "$PORT" ] || { log "the load server did not start"; cat "$OUT/server.log"; exit 1; }
BASE="http://127.0.0.1:$PORT"
TICKS=$(getconf CLK_TCK)
MEASURED=$SERVER   # the process whose CPU time the runs count
cpu_ticks() { awk '{print $14 + $15}' "/proc/$MEASURED/stat"; }

wrk_run() { # name url connections seconds [header]
    local before after
    before=$(cpu_ticks)
    wrk -t"$(( $3 < 2 ? $3 : 2 ))" -c"$3" -d"$4"s -s "${WRK_SCRIPT:-benchmarks/load/execute.lua}" ${5:+-H "$5"} "$2" 2>/dev/null \
        | grep '^{' > "$OUT/$1.json"
    after=$(cpu_ticks)
    echo "$(( (after - before) * 1000000 / TICKS ))" > "$OUT/$1.cpu_us"
}
mcp_run() { # name endpoint tool concurrency seconds
    local before after
    before=$(cpu_ticks)
    "$JAVA" -Xms256m -Xmx512m -cp benchmarks/target/benchmarks.jar dev.kaizen.benchmarks.load.McpLoadClient \
        "$BASE" "$2" "$3" "$4" "$5" 2>/dev/null | grep '^{' > "$OUT/$1.json"
    after=$(cpu_ticks)
    echo "$(( (after - before) * 1000000 / TICKS ))" > "$OUT/$1.cpu_us"
}

# 3. REST: warm each side 40 s, then measure at concurrency 1, 8 and 64, alternating sides.
log "REST warm-up (40 s per side)"
wrk_run warm-rest-nexus "$BASE/api/workflows/echo/execute" 8 40
wrk_run warm-rest-bare "$BASE/bare/echo" 8 40
for c in 1 8 64; do
    log "REST concurrency $c"
    wrk_run "rest-nexus-c$c" "$BASE/api/workflows/echo/execute" "$c" 15
    wrk_run "rest-bare-c$c" "$BASE/bare/echo" "$c" 15
done

# 3a. Runs that answer at once: 32 connections POST Prefer: respond-async to a 2-second agent;
#     the latency is the time to the 202 (runs pile up in the background: about 2 s x the rate).
#     Paced (about 1,000 a second, below saturation) for the time to acknowledgement; then flat
#     out for the most runs accepted per second.
log "time to acknowledgement, 32 callers, 2 s agents"
wrk_run warm-ack "$BASE/api/workflows/slow/execute" 32 10 "Prefer: respond-async"
sleep 3 # the warm-up's runs end
WRK_SCRIPT=benchmarks/load/execute-paced.lua wrk_run "ack-c32" "$BASE/api/workflows/slow/execute" 32 20 \
    "Prefer: respond-async"
sleep 3
wrk_run "ack-c32-max" "$BASE/api/workflows/slow/execute" 32 15 "Prefer: respond-async"

# 3b. Idle: the warmed-up server with nobody calling it, 30 s (the deadline watchdog sleeps, nothing polls).
log "idle CPU (30 s)"
sleep 5
idle_before=$(cpu_ticks); sleep 30; idle_after=$(cpu_ticks)
echo "$(( (idle_after - idle_before) * 1000000 / TICKS ))" > "$OUT/idle.cpu_us"

# 4. MCP tools/call over Streamable HTTP, the SDK's own client in another JVM.
log "MCP warm-up (40 s per side)"
mcp_run warm-mcp-nexus /mcp echo 8 40
mcp_run warm-mcp-bare /bare-mcp echo 8 40
for c in 1 32; do
    log "MCP concurrency $c"
    mcp_run "mcp-nexus-c$c" /mcp echo "$c" 15
    mcp_run "mcp-bare-c$c" /bare-mcp echo "$c" 15
done
kill $SERVER; wait $SERVER 2>/dev/null || true

# 4b. Authentication: the same REST load on a load server that requires credentials (an API key,
#     and a JWT checked against a public key), against the open server's figure above. Audit lines
#     stay below the WARN level these servers log at.
log "REST with authentication (API key, JWT)"
"$JAVA" -cp benchmarks/target/benchmarks.jar dev.kaizen.benchmarks.load.TokenMinter "$OUT/issuer.pub" > "$OUT/token"
KEY="bench-$(od -An -tx8 -N16 /dev/urandom | tr -d ' \n')"
"$JAVA" -Xms1g -Xmx1g -jar benchmarks/target/benchmarks-*-load.jar --server.port=0 --logging.level.root=WARN \
    "--kaizen.nexus.security.api-keys.bench={noop}$KEY" \
    "--spring.security.oauth2.resourceserver.jwt.public-key-location=file:$OUT/issuer.pub" \
    > "$OUT/server-auth.log" 2>&1 &
SERVER=$!
MEASURED=$SERVER
for _ in $(seq 1 600); do grep -q '^READY' "$OUT/server-auth.log" && break; sleep 0.1; done
PORT=$(sed -n 's/^READY port=\([0-9]*\).*/\1/p' "$OUT/server-auth.log")
[ -n "$PORT" ] || { log "the authenticated load server did not start"; cat "$OUT/server-auth.log"; exit 1; }
AUTH_URL="http://127.0.0.1:$PORT/api/workflows/echo/execute"
wrk_run warm-rest-apikey "$AUTH_URL" 8 40 "Authorization: Bearer $KEY"
wrk_run warm-rest-jwt "$AUTH_URL" 8 40 "Authorization: Bearer $(cat "$OUT/token")"
wrk_run rest-apikey-c8 "$AUTH_URL" 8 15 "Authorization: Bearer $KEY"
wrk_run rest-jwt-c8 "$AUTH_URL" 8 15 "Authorization: Bearer $(cat "$OUT/token")"
kill $SERVER; wait $SERVER 2>/dev/null || true

# 6. Capacity: sessions in a 1 GiB heap; 1,000 deployments from 64 threads.
log "capacity"
"$JAVA" -Xms1g -Xmx1g -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar \
    dev.kaizen.benchmarks.load.CapacityProbe sessions 2>/dev/null | grep '^{' > "$OUT/capacity-sessions.json"
"$JAVA" -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar \
    dev.kaizen.benchmarks.load.CapacityProbe deployments 2>/dev/null | grep '^{' > "$OUT/capacity-deployments.json"

# 6b. Streaming: agent token to client, REST SSE and MCP progress (2,000 calls each after a
#     warm-up); then the heap 1,000 open SSE answers take. A fixed 1 GiB heap.
log "streaming"
"$JAVA" -Xms1g -Xmx1g -Dloader.main=dev.kaizen.benchmarks.load.StreamingProbe \
    -Dlogging.level.root=WARN -jar benchmarks/target/benchmarks-*-load.jar 2000 1000 2>/dev/null \
    | grep '^{' > "$OUT/streaming.json"
# Cancel to model hang-up: a REST client that closes its stream, an MCP notifications/cancelled,
# until the loopback model (a chunk every ms) finds its client gone; 50 of each after 10.
"$JAVA" -Xms1g -Xmx1g -Dloader.main=dev.kaizen.benchmarks.load.CancelProbe \
    -Dlogging.level.root=WARN -jar benchmarks/target/benchmarks-*-load.jar 50 2>/dev/null \
    | grep '^{' >> "$OUT/streaming.json"

# 7. Start-up, launch to first answer or to exit (medians of 5): the bare Spring Boot app (the
#    reference), the example app's fat jar and its launcher as a server, a one-shot command (local
#    and against a running server), MCP over stdio to its answer to initialize. Writes startup.json.
log "start-up"
python3 benchmarks/load/startup.py "$OUT" "$JAVA" 5

log "writing $OUT/results.json and results.md"
python3 benchmarks/load/report.py "$OUT" "$(nproc)" "$("$JAVA" -version 2>&1 | head -1)"
cat "$OUT/results.md"
