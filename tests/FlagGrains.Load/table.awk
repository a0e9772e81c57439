# Turns run.sh's RESULT lines (tab-separated key=value fields) into one markdown table.
BEGIN { FS = "\t" }
{
  delete f
  for (i = 3; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = substr($i, length(kv[1]) + 2) }
  if ($2 == "wrk") {
    name = $3
    rows[++n] = name
    rate[name] = f["req_s"]; p50[name] = f["p50"]; p99[name] = f["p99"]; err[name] = f["errors"]; mem[name] = f["mem_mb"]
    # CLK_TCK is 100 on Linux: ticks × 10 ms × 1000 µs / requests.
    cpu[name] = f["requests"] > 0 ? sprintf("%.0f", f["cpu_ticks"] * 10000 / f["requests"]) : "—"
  } else {
    other[++m] = $0
  }
}
END {
  label["single"] = "OFREP single flag, fixed user"
  label["bulk-fixed"] = "OFREP bulk, 50 flags, fixed user"
  label["bulk-100k-users"] = "OFREP bulk, 50 flags, 100,000 users"
  label["bulk-304"] = "OFREP bulk revalidation (304)"
  print "| Scenario | req/s | bare Kestrel req/s, same bytes | × bare | server CPU µs/req | bare CPU µs/req | CPU × bare | p50 ms | p99 ms | errors | server RSS MB |"
  print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for (i = 1; i <= n; i++) {
    r = rows[i]
    if (r ~ /^bare-/) continue
    b = "bare-" r
    ratio = (rate[b] > 0) ? sprintf("%.2f×", rate[r] / rate[b]) : "—"
    cpuratio = (cpu[b] > 0) ? sprintf("%.2f×", cpu[r] / cpu[b]) : "—"
    printf "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", (r in label ? label[r] : r), rate[r], (b in rate ? rate[b] : "—"), ratio, cpu[r], (b in cpu ? cpu[b] : "—"), cpuratio, p50[r], p99[r], err[r], mem[r]
  }
  if (m > 0) {
    print ""
    print "| Scenario | Result |"
    print "|---|---|"
    for (i = 1; i <= m; i++) {
      split(other[i], parts, "\t")
      delete f
      for (j = 3; j <= length(parts); j++) { split(parts[j], kv, "="); f[kv[1]] = substr(parts[j], length(kv[1]) + 2) }
      kind = parts[2]
      if (kind == "propagation")
        printf "| Admin write → all %s gateways serving it (PostgreSQL cluster, %s writes) | p50 %s ms, p99 %s ms, max %s ms (from send: p99 %s ms) |\n", f["silos"], f["n"], f["p50"], f["p99"], f["max"], f["sent_p99"]
      else if (kind == "fanout")
        printf "| Admin write → %s connected event streams notified | p50 %s ms, p99 %s ms, max %s ms over %s notifications; missed %s; silo RSS %s MB |\n", f["streams"], f["p50"], f["p99"], f["max"], f["n"], f["missed"], f["mem_mb"]
      else if (kind == "streams")
        printf "| Concurrent event streams on one silo | %s open, %s notified of a write; accepted %s/s; %s KB managed heap and %s KB resident per stream; silo RSS %s MB; stopped by: %s |\n", f["open"], f["notified"], f["accepted_per_s"], f["managed_kb_per_stream"], f["kb_per_stream"], f["rss_mb"], f["limit"]
      else if (kind == "coldstart")
        printf "| Cold start: process start → bulk answer with %s flags | p50 %s ms, max %s ms over %s starts (→ /health/ready p50 %s ms) |\n", f["flags"], f["p50"], f["max"], f["n"], f["ready_p50"]
    }
  }
}
