-- Shared by every scenario script: one machine-readable line run.sh turns into a table row.
-- FG_LABEL names the row instead (the bare-Kestrel rows run the silo's scripts against the baseline).
function report(name)
  name = os.getenv("FG_LABEL") or name
  return function(summary, latency, requests)
    local seconds = summary.duration / 1e6
    local errors = summary.errors.connect + summary.errors.read + summary.errors.write
                 + summary.errors.timeout + summary.errors.status
    io.write(string.format("RESULT\twrk\t%s\treq_s=%.0f\tp50=%.2f\tp99=%.2f\tmax=%.2f\terrors=%d\trequests=%d\n",
      name, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      latency.max / 1000, errors, summary.requests))
  end
end

function ofrep_headers()
  return {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. os.getenv("FG_KEY"),
  }
end

fixed_context = '{"context":{"targetingKey":"user-42","email":"someone@example.com","appVersion":"2.1.0","country":"NL"}}'
