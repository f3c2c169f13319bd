#!/usr/bin/env python3
"""Turns one benchmarks/run.sh output directory into results.json and results.md."""
import json
import os
import sys
from datetime import datetime, timezone

out, cores, jdk = sys.argv[1], sys.argv[2], sys.argv[3]


def load(name):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        text = f.read().strip()
    return json.loads(text) if text else None


def cpu_per_request(name, count):
    with open(os.path.join(out, name + ".cpu_us")) as f:
        cpu = int(f.read().strip())
    return round(cpu / count, 1) if count else None


results = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "cores": cores, "jdk": jdk}

jmh = {}
for entry in load("jmh.json") or []:
    name = entry["benchmark"].replace("dev.kaizen.benchmarks.", "")
    jmh[name] = {"score": entry["primaryMetric"]["score"], "error": entry["primaryMetric"]["scoreError"],
                 "unit": entry["primaryMetric"]["scoreUnit"], "threads": entry["threads"]}
for entry in load("jmh-gc.json") or []:
    name = entry["benchmark"].replace("dev.kaizen.benchmarks.", "")
    norm = entry.get("secondaryMetrics", {}).get("·gc.alloc.rate.norm") or entry.get("secondaryMetrics", {}).get(
        "gc.alloc.rate.norm")
    if name in jmh and norm:
        jmh[name]["allocBytesPerOp"] = norm["score"]
results["jmh"] = jmh


def pair(kind, c, count_key):
    nexus, bare = load(f"{kind}-nexus-c{c}.json"), load(f"{kind}-bare-c{c}.json")
    if not nexus or not bare:
        return None
    row = {"concurrency": c, "nexus": nexus, "bare": bare,
           "ratio": round(nexus["perSecond"] / bare["perSecond"], 3),
           "nexusCpuUsPerRequest": cpu_per_request(f"{kind}-nexus-c{c}", nexus[count_key]),
           "bareCpuUsPerRequest": cpu_per_request(f"{kind}-bare-c{c}", bare[count_key])}
    return row


results["rest"] = [r for r in (pair("rest", c, "requests") for c in (1, 8, 64)) if r]
results["mcp"] = [r for r in (pair("mcp", c, "calls") for c in (1, 32)) if r]
results["auth"] = []
for kind in ("apikey", "jwt"):
    measured, open_ = load(f"rest-{kind}-c8.json"), load("rest-nexus-c8.json")
    if measured and open_:
        results["auth"].append({"credential": kind, "perSecond": measured["perSecond"],
                                "cpuUsPerRequest": cpu_per_request(f"rest-{kind}-c8", measured["requests"]),
                                "openCpuUsPerRequest": cpu_per_request("rest-nexus-c8", open_["requests"]),
                                "p50us": measured["p50us"], "p99us": measured["p99us"]})
results["timeToAck"] = {name: json.loads(open(os.path.join(out, f"{name}.json")).read())
                        for name in ("ack-c32", "ack-c32-max") if os.path.exists(os.path.join(out, f"{name}.json"))}
# Written by startup.py; older result folders have none.
results["startup"] = load("startup.json")
results["capacitySessions"] = load("capacity-sessions.json")
results["capacityDeployments"] = load("capacity-deployments.json")
streaming_path = os.path.join(out, "streaming.json")
results["streaming"] = [json.loads(line) for line in open(streaming_path) if line.strip()] \
    if os.path.exists(streaming_path) else []
idle_path = os.path.join(out, "idle.cpu_us")
results["idleCpuPercentOfACore"] = round(int(open(idle_path).read().strip()) / 30e6 * 100, 2) \
    if os.path.exists(idle_path) else None

with open(os.path.join(out, "results.json"), "w") as f:
    json.dump(results, f, indent=2)

lines = [f"Run {results['date']} on {cores} cores, {jdk}.", "", "## JMH", "",
         "| benchmark | threads | score | ± | unit | alloc B/op |", "|---|---|---|---|---|---|"]
for name, r in sorted(jmh.items()):
    alloc = r.get("allocBytesPerOp")
    lines.append(f"| {name} | {r['threads']} | {r['score']:.3f} | {r['error']:.3f} | {r['unit']} | "
                 f"{'' if alloc is None else round(alloc)} |")
for kind, label, unit in (("rest", "REST", "requests"), ("mcp", "MCP tools/call", "calls")):
    lines += ["", f"## {label}", "",
              "| concurrency | Nexus /s | bare /s | ratio | Nexus p50/p99/p99.9 µs | bare p50/p99/p99.9 µs | "
              "Nexus CPU µs/req | bare CPU µs/req |", "|---|---|---|---|---|---|---|---|"]
    for r in results[kind]:
        n, b = r["nexus"], r["bare"]
        lines.append(f"| {r['concurrency']} | {n['perSecond']:.0f} | {b['perSecond']:.0f} | {r['ratio']:.2f} | "
                     f"{n['p50us']}/{n['p99us']}/{n['p999us']} | {b['p50us']}/{b['p99us']}/{b['p999us']} | "
                     f"{r['nexusCpuUsPerRequest']} | {r['bareCpuUsPerRequest']} |")
lines += ["", "## REST with authentication (concurrency 8)", "",
          "| credential | requests/s | p50/p99 µs | CPU µs/req | open server CPU µs/req | authentication's share µs |",
          "|---|---|---|---|---|---|"]
for r in results["auth"]:
    share = None if r["cpuUsPerRequest"] is None or r["openCpuUsPerRequest"] is None else \
        round(r["cpuUsPerRequest"] - r["openCpuUsPerRequest"], 1)
    lines.append(f"| {r['credential']} | {r['perSecond']:.0f} | {r['p50us']}/{r['p99us']} | {r['cpuUsPerRequest']} | "
                 f"{r['openCpuUsPerRequest']} | {share} |")
STARTUP_FIGURES = (
    ("bareBootMs", "bare Spring Boot web app, `java -jar`, to its first answer (the reference)"),
    ("fatJarServerMs", "example app, `java -jar`, to its first REST answer"),
    ("launcherServerMs", "example app, launcher, to its first REST answer"),
    ("launcherOneShotMs", "one-shot `nexus run`, launcher, launch to exit"),
    ("launcherRemoteMs", "one-shot `nexus run --url` against a running server, launcher, launch to exit"),
    ("launcherStdioInitializeMs", "MCP over stdio, launcher, to its answer to initialize"),
    ("fatJarOneShotMs", "one-shot `nexus run`, `java -jar`, launch to exit"),
)
startup = results["startup"]
if startup:
    lines += ["", "## Start-up (wall ms, launch to first answer or to exit)", ""]
    for key, label in STARTUP_FIGURES:
        figure = startup.get(key)
        if not figure:
            continue
        if figure.get("error"):
            lines.append(f"- {label}: failed: {figure['error']} (runs before: {figure['runs']})")
        else:
            lines.append(f"- {label}: median {figure['median']} ms (runs: {figure['runs']})")
    if startup.get("stdioStdoutClean") is not None:
        lines.append(f"- MCP over stdio, stdout only JSON-RPC: {'yes' if startup['stdioStdoutClean'] else 'NO'}")
    for key, target in (startup.get("targets") or {}).items():
        verdict = {True: "met", False: "MISSED", None: "not judged"}[target["met"]]
        if target["met"] is None and target["underLimit"] is not None:
            verdict += f" (under {target['limitMs']} ms: {'yes' if target['underLimit'] else 'no'}; no bare figure)"
        half = target["halfOfBareBootMs"]
        lines.append(f"- target {key} < {target['limitMs']} ms and <= half the bare start "
                     f"({'?' if half is None else round(half)} ms): {verdict} (median {target['median']})")
lines += ["", "## Process figures", "",
          f"- idle server (Nexus and the bare baselines, after load, 30 s): {results['idleCpuPercentOfACore']}% of a core",
          f"- sessions in a 1 GiB heap: {results['capacitySessions']}",
          f"- 1,000 deployments from 64 threads: {results['capacityDeployments']}",
          "", "## Streaming", ""] + [f"- {figure}" for figure in results["streaming"]] \
    + ["", "## Time to acknowledgement (Prefer: respond-async, 32 callers, 2 s agents)", "",
       f"- {results['timeToAck']}"]
with open(os.path.join(out, "results.md"), "w") as f:
    f.write("\n".join(lines) + "\n")
