#!/bin/sh
# Makes the fast-start layout of the example app under target/ (run by the build at package):
#   target/kaizen-app/   the jar extracted (Spring Boot's tools jar mode): classes load from plain jars
#   target/kaizen-app/*.aot   on JDK 25+, an AOT cache per kind of start, from a training run each
#   target/kaizen        the launcher
# usage: make-layout.sh <target directory> <java executable> <skip training: true|false>
set -eu
target=$1
java=$2
skip_training=$3
src=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
app="$target/kaizen-app"
launcher="$target/kaizen"

rm -rf "$app"
"$java" -Djarmode=tools -jar "$target/kaizen-examples.jar" extract --destination "$app" >/dev/null
cp "$src/kaizen" "$launcher"
chmod 755 "$launcher"
(cd "$(dirname "$java")/.." && pwd -P) >"$app/java-home"

feature=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "$skip_training" = true ] || [ "${feature:-0}" -lt 25 ]; then
    echo "kaizen launcher: $launcher (no AOT cache: JDK ${feature:-?}, training skipped or needs JDK 25+)"
    exit 0
fi

export KAIZEN_AOT_TRAINING=yes
JAVA_HOME=$(cat "$app/java-home")
export JAVA_HOME
log="$target/kaizen-aot-training.log"
: >"$log"

# The server: start it on a free port, send it the requests a client sends, then stop it; the
# remote command trains against it meanwhile. The cache is written when the JVM exits.
"$launcher" --server.port=0 >"$target/kaizen-aot-server.out" 2>>"$log" &
server=$!
base=
tries=0
while [ -z "$base" ] && [ "$tries" -lt 1200 ]; do
    base=$(sed -n 's/^Kaizen Nexus serving .* on \(http:[^ ]*\)$/\1/p' "$target/kaizen-aot-server.out")
    if [ -z "$base" ]; then
        kill -0 "$server" 2>/dev/null || break
        tries=$((tries + 1))
        sleep 0.1
    fi
done
if [ -z "$base" ]; then
    kill "$server" 2>/dev/null || true
    echo "kaizen launcher: the training server did not start; see $log" >&2
    exit 1
fi
"$launcher" --url "$base" nexus run text-stats --text "A training run. It warms the caches." >/dev/null 2>>"$log"
"$launcher" --url "$base" nexus list >/dev/null 2>>"$log"
"$launcher" --url "$base" nexus describe notes >/dev/null 2>>"$log"
"$launcher" --url "$base" nexus run notes --note "training" --session training >/dev/null 2>>"$log"
kill -TERM "$server"
wait "$server" || true

# One local command, and MCP over stdio from initialize to a tool call.
"$launcher" nexus run text-stats --text "A training run. It warms the caches." >/dev/null 2>>"$log"
printf '%s\n' \
    '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"training","version":"1"}}}' \
    '{"jsonrpc":"2.0","method":"notifications/initialized"}' \
    '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' \
    '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"text-stats","arguments":{"text":"A training run."}}}' \
    | "$launcher" --mcp-stdio >/dev/null 2>>"$log"

for kind in server remote command stdio; do
    if [ ! -s "$app/$kind.aot" ]; then
        echo "kaizen launcher: the $kind training run made no AOT cache; see $log" >&2
        exit 1
    fi
done
echo "kaizen launcher: $launcher (AOT caches: $(cd "$app" && echo *.aot))"
