#!/bin/sh
# Makes the fast-start layout of a Kaizen app (built with NexusApplication) under target/; the
# example app's build runs it at package, and an app of your own can copy it with the launcher:
#   target/kaizen-app/   the jar extracted (Spring Boot's tools jar mode): classes load from plain jars
#   target/kaizen-app/*.aot   on JDK 25+, an AOT cache per kind of start, from a training run each
#   target/kaizen        the launcher
# usage: make-layout.sh <target directory> <executable jar> <java executable> <skip training: true|false> [command]
# [command] is what the command-line training runs do, as typed after the launcher, such as
# 'nexus run text-stats --text "Warm up."' (each JVM writes its cache as it exits, so one command
# per kind of start); without it they list the workflows.
set -eu
target=$1
jar=$2
java=$3
skip_training=$4
command=${5:-nexus list}
src=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
app="$target/kaizen-app"
launcher="$target/kaizen"

rm -rf "$app"
"$java" -Djarmode=tools -jar "$jar" extract --destination "$app" >/dev/null
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
# remote command trains against it meanwhile. Each cache is written when its JVM exits.
server_out="$target/kaizen-aot-server.out"
: >"$server_out"
"$launcher" --server.port=0 >"$server_out" 2>>"$log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT # a failed step must not leave the server running
base=
tries=0
while [ -z "$base" ] && [ "$tries" -lt 1200 ]; do
    base=$(sed -n 's/.*Kaizen Nexus on \(http:[^ ]*\): [0-9]* workflow.*/\1/p' "$server_out")
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
# Two commands, so the server answers a listing and a run; the remote cache keeps the last one's.
"$launcher" --url "$base" nexus list >/dev/null 2>>"$log"
eval "\"\$launcher\" --url \"\$base\" $command" >/dev/null 2>>"$log"
kill -TERM "$server"
wait "$server" || true
trap - EXIT

# One local command, and MCP over stdio from initialize to the tool list.
eval "\"\$launcher\" $command" >/dev/null 2>>"$log"
printf '%s\n' \
    '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"training","version":"1"}}}' \
    '{"jsonrpc":"2.0","method":"notifications/initialized"}' \
    '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' \
    | "$launcher" --mcp-stdio >/dev/null 2>>"$log"

for kind in server remote command stdio; do
    if [ ! -s "$app/$kind.aot" ]; then
        echo "kaizen launcher: the $kind training run made no AOT cache; see $log" >&2
        exit 1
    fi
done
echo "kaizen launcher: $launcher (AOT caches: $(cd "$app" && echo *.aot))"
