-- wrk script: POST the same execute body to a Nexus workflow or the bare baseline, and print one
-- JSON line with requests, errors and latency percentiles (µs) when done.
wrk.method = "POST"
wrk.body = '{"inputs":{"text":"hello"}}'
wrk.headers["Content-Type"] = "application/json"

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"errors":%d,"non2xx":%d,"seconds":%.3f,"perSecond":%.1f,"p50us":%d,"p99us":%d,"p999us":%d}\n',
    summary.requests, e.connect + e.read + e.write + e.timeout, e.status, summary.duration / 1e6,
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    latency:percentile(99.9)))
end
