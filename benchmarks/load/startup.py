#!/usr/bin/env python3
"""Times the starts of Kaizen's example app against a bare Spring Boot web app; writes startup.json.

    python3 benchmarks/load/startup.py <out_dir> <java executable> [runs=5]

Every figure is wall milliseconds from launch, the median of `runs` runs:
  bareBootMs                 java -jar benchmarks/bare-boot/target/bare-boot.jar to its first answer (the reference)
  fatJarServerMs             java -jar kaizen-examples/target/kaizen-examples.jar to its first REST answer
  launcherServerMs           kaizen-examples/target/kaizen (the launcher) to its first REST answer
  launcherOneShotMs          kaizen nexus run text-stats ... to exit
  launcherRemoteMs           kaizen --url <a running launcher server> nexus run text-stats ... to exit
                             (after three untimed commands, so the server is not on its first requests)
  launcherStdioInitializeMs  kaizen --mcp-stdio to its answer to MCP initialize
  fatJarOneShotMs            java -jar kaizen-examples.jar nexus run text-stats ... to exit, for reference
A figure that fails (a timeout, a bad exit code) gets an "error" and no median; the others go on.
The apps' output goes to startup-<figure>.log in out_dir. Servers listen on free ports of 127.0.0.1.
"""
import json
import os
import queue
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

if len(sys.argv) < 3:
    sys.exit("usage: startup.py <out_dir> <java executable> [runs=5]")
out = sys.argv[1]
java = sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BARE_JAR = os.path.join(ROOT, "benchmarks", "bare-boot", "target", "bare-boot.jar")
FAT_JAR = os.path.join(ROOT, "kaizen-examples", "target", "kaizen-examples.jar")
LAUNCHER = os.path.join(ROOT, "kaizen-examples", "target", "kaizen")

START_DEADLINE_S = 60.0
POLL_S = 0.01
STOP_WAIT_S = 20.0
BARE_PROBE = ("/api/echo", {"text": "up"})
KAIZEN_PROBE = ("/api/workflows/text-stats/execute", {"inputs": {"text": "up"}})
ONE_SHOT = ["nexus", "run", "text-stats", "--text", "one shot"]
INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
              "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "startup", "version": "1"}}}

java_path = shutil.which(java) or java
# The launcher picks its JDK from JAVA_HOME: the same JDK as the java -jar runs.
launcher_env = dict(os.environ, JAVA_HOME=os.path.dirname(os.path.dirname(os.path.abspath(java_path))))
# No proxy for 127.0.0.1, whatever http_proxy says.
http = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Failed(Exception):
    pass


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def log_file(figure):
    return open(os.path.join(out, f"startup-{figure}.log"), "ab")


def require(*paths):
    for path in paths:
        if not os.path.exists(path):
            raise Failed(f"missing {os.path.relpath(path, ROOT)}")


def elapsed_ms(t0):
    return round((time.perf_counter_ns() - t0) / 1e6)


def post(url, body, timeout):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with http.open(request, timeout=timeout) as response:
        response.read()
        return response.status


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_WAIT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_answers(process, t0, port, probe):
    """Polls every 10 ms until POST probe answers 200; the milliseconds since t0."""
    path, body = probe
    url = f"http://127.0.0.1:{port}{path}"
    deadline = t0 + int(START_DEADLINE_S * 1e9)
    last = "no answer"
    while True:
        code = process.poll()
        if code is not None:
            raise Failed(f"exited with code {code} before answering ({last})")
        remaining = (deadline - time.perf_counter_ns()) / 1e9
        if remaining <= 0:
            raise Failed(f"no HTTP 200 from {path} within {START_DEADLINE_S:.0f} s ({last})")
        try:
            status = post(url, body, timeout=max(0.1, min(5.0, remaining)))
            if status == 200:
                return elapsed_ms(t0)
            last = f"HTTP {status}"
        except urllib.error.HTTPError as e:
            last = f"HTTP {e.code}"
        except (OSError, ValueError) as e:
            last = type(e).__name__
        time.sleep(POLL_S)


def start_server(figure, command, env, probe):
    """Launches a server on a free port; (process, port, milliseconds to its first answer). Stops it on failure."""
    port = free_port()
    with log_file(figure) as log:
        t0 = time.perf_counter_ns()
        process = subprocess.Popen(command + [f"--server.port={port}"], stdin=subprocess.DEVNULL, stdout=log,
                                   stderr=subprocess.STDOUT, env=env)
    try:
        return process, port, wait_until_answers(process, t0, port, probe)
    except BaseException:
        stop(process)
        raise


def server_start(figure, command, env, probe):
    process, _, ms = start_server(figure, command, env, probe)
    stop(process)
    return ms


def one_shot(figure, command, env, words=False):
    """Launch to exit; the exit code must be 0 (and, with words, stdout JSON that has "words")."""
    with log_file(figure) as log:
        t0 = time.perf_counter_ns()
        try:
            done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log, env=env,
                                  timeout=START_DEADLINE_S)
        except subprocess.TimeoutExpired:
            raise Failed(f"did not exit within {START_DEADLINE_S:.0f} s")
        ms = elapsed_ms(t0)
    if done.returncode != 0:
        raise Failed(f"exit code {done.returncode}")
    if words:
        text = done.stdout.decode(errors="replace")
        try:
            json.loads(text)
        except ValueError:
            raise Failed(f"stdout is not JSON: {text[:200]!r}")
        if '"words"' not in text:
            raise Failed(f"no \"words\" in stdout: {text[:200]!r}")
    return ms


def is_json_rpc(line):
    try:
        message = json.loads(line)
    except ValueError:
        return False
    return isinstance(message, dict) and message.get("jsonrpc") == "2.0"


def stdio_initialize(figure, command, env, clean):
    """Launch to the answer to initialize over MCP stdio. clean[0] turns False if stdout had anything but JSON-RPC."""
    lines = queue.Queue()

    def read(stream):
        for raw in stream:
            lines.put(raw)
        lines.put(None)

    with log_file(figure) as log:
        t0 = time.perf_counter_ns()
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, env=env)
    threading.Thread(target=read, args=(process.stdout,), daemon=True).start()
    try:
        try:
            process.stdin.write((json.dumps(INITIALIZE, separators=(",", ":")) + "\n").encode())
            process.stdin.flush()
        except OSError as e:
            raise Failed(f"could not write initialize: {e}")
        deadline = t0 + int(START_DEADLINE_S * 1e9)
        while True:
            remaining = (deadline - time.perf_counter_ns()) / 1e9
            if remaining <= 0:
                raise Failed(f"no answer to initialize within {START_DEADLINE_S:.0f} s")
            try:
                raw = lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if raw is None:
                raise Failed(f"stdout closed before the answer to initialize (exit code {process.wait()})")
            ms = elapsed_ms(t0)
            line = raw.decode(errors="replace").rstrip("\r\n")
            if not is_json_rpc(line):
                clean[0] = False
                continue
            message = json.loads(line)
            if message.get("id") == 1 and "result" in message:
                return ms
    finally:
        try:
            process.stdin.close()
        except OSError:
            pass
        try:
            process.wait(timeout=STOP_WAIT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def measure(figure, run_once, prepare=None):
    """runs runs of run_once(); the first failure ends the figure with an error and no median."""
    result = {"median": None, "runs": []}
    try:
        if prepare:
            prepare()
        for _ in range(runs):
            result["runs"].append(run_once())
        result["median"] = statistics.median(result["runs"])
    except Failed as e:
        result["error"] = str(e)
    except OSError as e:
        result["error"] = f"{type(e).__name__}: {e}"
    print(f"  {figure}: {result.get('error') or result['runs']}", file=sys.stderr, flush=True)
    return result


def remote_runs():
    """One launcher server on a free port for the whole step; runs of the remote one-shot against it."""
    result = {"median": None, "runs": []}
    server = None
    try:
        require(LAUNCHER)
        server, port, _ = start_server("launcherRemoteMs-server", [LAUNCHER], launcher_env, KAIZEN_PROBE)
        command = [LAUNCHER, "--url", f"http://127.0.0.1:{port}"] + ONE_SHOT
        # A running server has served before: three untimed commands first, so the figure is the
        # client's start, not the server's first requests.
        for _ in range(3):
            one_shot("launcherRemoteMs", command, launcher_env)
        for _ in range(runs):
            result["runs"].append(one_shot("launcherRemoteMs", command, launcher_env))
        result["median"] = statistics.median(result["runs"])
    except Failed as e:
        result["error"] = str(e)
    except OSError as e:
        result["error"] = f"{type(e).__name__}: {e}"
    finally:
        if server:
            stop(server)
    print(f"  launcherRemoteMs: {result.get('error') or result['runs']}", file=sys.stderr, flush=True)
    return result


os.makedirs(out, exist_ok=True)
results = {}
results["bareBootMs"] = measure(
    "bareBootMs", lambda: server_start("bareBootMs", [java, "-jar", BARE_JAR], None, BARE_PROBE),
    lambda: require(BARE_JAR))
results["fatJarServerMs"] = measure(
    "fatJarServerMs", lambda: server_start("fatJarServerMs", [java, "-jar", FAT_JAR], None, KAIZEN_PROBE),
    lambda: require(FAT_JAR))
results["launcherServerMs"] = measure(
    "launcherServerMs", lambda: server_start("launcherServerMs", [LAUNCHER], launcher_env, KAIZEN_PROBE),
    lambda: require(LAUNCHER))
results["launcherOneShotMs"] = measure(
    "launcherOneShotMs", lambda: one_shot("launcherOneShotMs", [LAUNCHER] + ONE_SHOT, launcher_env, words=True),
    lambda: require(LAUNCHER))
results["launcherRemoteMs"] = remote_runs()
stdio_clean = [True]
results["launcherStdioInitializeMs"] = measure(
    "launcherStdioInitializeMs",
    lambda: stdio_initialize("launcherStdioInitializeMs", [LAUNCHER, "--mcp-stdio"], launcher_env, stdio_clean),
    lambda: require(LAUNCHER))
# Clean only means something if at least one run got as far as its answer.
results["stdioStdoutClean"] = stdio_clean[0] if results["launcherStdioInitializeMs"]["runs"] else None
results["fatJarOneShotMs"] = measure(
    "fatJarOneShotMs", lambda: one_shot("fatJarOneShotMs", [java, "-jar", FAT_JAR] + ONE_SHOT, None, words=True),
    lambda: require(FAT_JAR))

# The targets: each launcher figure under its limit, and at most half the bare Spring Boot start.
bare = results["bareBootMs"]["median"]
targets = {}
for figure, limit in (("launcherOneShotMs", 500), ("launcherRemoteMs", 300),
                      ("launcherStdioInitializeMs", 700), ("launcherServerMs", 1000)):
    median = results[figure]["median"]
    under_limit = None if median is None else median < limit
    half = None if bare is None else bare / 2
    under_half = None if median is None or half is None else median <= half
    met = None if under_limit is None or under_half is None else under_limit and under_half
    targets[figure] = {"median": median, "limitMs": limit, "underLimit": under_limit,
                       "halfOfBareBootMs": half, "underHalfOfBareBoot": under_half, "met": met}
results["targets"] = targets
results["runsPerFigure"] = runs
results["java"] = java_path

with open(os.path.join(out, "startup.json"), "w") as f:
    json.dump(results, f, indent=2)


def judged(figure):
    t = targets.get(figure)
    if t is None:
        return ""
    if t["met"] is None:
        return "not judged"
    half = f"{t['halfOfBareBootMs']:.0f}"
    return f"{'met' if t['met'] else 'MISSED'} (< {t['limitMs']}, <= {half})"


print(f"{'figure':<27} {'median ms':>9}  {'target':<26} runs / error")
for figure, r in results.items():
    if not figure.endswith("Ms"):
        continue
    median = "-" if r["median"] is None else f"{r['median']:.0f}"
    print(f"{figure:<27} {median:>9}  {judged(figure):<26} {r.get('error') or r['runs']}")
print(f"MCP stdio stdout only JSON-RPC: {results['stdioStdoutClean']}")
