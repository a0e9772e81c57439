# Turns run.sh's RESULT lines (tab-separated key=value fields) into one markdown table. A scenario measured in several
# rounds (bare and silo alternating each round) is reported as medians; the ratio columns add the range of the
# per-round ratios, each taken against the bare row of its own round.
BEGIN { FS = "\t" }
{
  delete f
  for (i = 3; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = substr($i, length(kv[1]) + 2) }
  if ($2 == "wrk") {
    name = $3
    if (!(name in count)) rows[++n] = name
    k = ++count[name]
    rate[name, k] = f["req_s"]; p50[name, k] = f["p50"]; p99[name, k] = f["p99"]; err[name] += f["errors"]; mem[name] = f["mem_mb"]
    # CLK_TCK is 100 on Linux: ticks × 10 ms × 1000 µs / requests.
    cpu[name, k] = f["requests"] > 0 ? f["cpu_ticks"] * 10000 / f["requests"] : 0
  } else {
    other[++m] = $0
  }
}

# Median of values[1..count] (sorts them in place).
function median(values, count,    i, j, v) {
  for (i = 2; i <= count; i++) {
    v = values[i]
    for (j = i - 1; j >= 1 && values[j] > v; j--) values[j + 1] = values[j]
    values[j + 1] = v
  }
  return count % 2 ? values[(count + 1) / 2] : (values[count / 2] + values[count / 2 + 1]) / 2
}

# Median of one measure of a scenario over its rounds.
function middle(table, name,    k, values) {
  for (k = 1; k <= count[name]; k++) values[k] = table[name, k]
  return median(values, count[name])
}

# "0.86× (0.80–0.90)": median of the per-round ratios, and their range when there is more than one round.
function ratios(top, bottom, r, b,    k, rounds, values, low, high, mid) {
  rounds = count[r] < count[b] ? count[r] : count[b]
  for (k = 1; k <= rounds; k++) {
    if (bottom[b, k] <= 0) return "—"
    values[k] = top[r, k] / bottom[b, k]
  }
  mid = median(values, rounds)
  low = values[1]; high = values[rounds]
  return rounds > 1 ? sprintf("%.2f× (%.2f–%.2f)", mid, low, high) : sprintf("%.2f×", mid)
}

END {
  label["single"] = "OFREP single flag, fixed user"
  label["bulk-fixed"] = "OFREP bulk, 50 flags, fixed user"
  label["bulk-100k-users"] = "OFREP bulk, 50 flags, 100,000 users"
  label["bulk-304"] = "OFREP bulk revalidation (304)"
  print "| Scenario | req/s | bare Kestrel req/s, same bytes | × bare | server CPU µs/req | bare CPU µs/req | CPU × bare | p50 ms | p99 ms | errors | server RSS MB | rounds |"
  print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for (i = 1; i <= n; i++) {
    r = rows[i]
    if (r ~ /^bare-/) continue
    b = "bare-" r
    paired = b in count
    printf "| %s | %d | %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %d |\n", (r in label ? label[r] : r), middle(rate, r), \
      (paired ? sprintf("%d", middle(rate, b)) : "—"), (paired ? ratios(rate, rate, r, b) : "—"), middle(cpu, r), \
      (paired ? sprintf("%.0f", middle(cpu, b)) : "—"), (paired ? ratios(cpu, cpu, r, b) : "—"), \
      middle(p50, r), middle(p99, r), err[r], mem[r], count[r]
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
        printf "| Admin write → %s connected event streams notified | p50 %s ms, p99 %s ms, max %s ms over %s notifications; missed %s; CPU per notification: silo %s µs, harness %s µs; silo RSS %s MB |\n", f["streams"], f["p50"], f["p99"], f["max"], f["n"], f["missed"], f["silo_cpu_us"], f["harness_cpu_us"], f["mem_mb"]
      else if (kind == "streams")
        printf "| Concurrent event streams on one silo | %s open, %s notified of a write; accepted %s/s on a silo that held as many before (CPU per stream: silo %s µs, harness %s µs), first burst %s/s (silo %s µs); %s KB managed heap per stream right after opening them, %s KB after a quiet %s s, %s KB resident; silo RSS %s MB; stopped by: %s |\n", f["open"], f["notified"], f["accepted_per_s"], f["silo_cpu_us_per_stream"], f["harness_cpu_us_per_stream"], f["first_burst_per_s"], f["first_burst_silo_cpu_us"], f["managed_kb_per_stream"], f["settled_kb_per_stream"], f["settle_s"], f["kb_per_stream"], f["rss_mb"], f["limit"]
      else if (kind == "coldstart")
        printf "| Cold start: process start → bulk answer with %s flags | p50 %s ms, max %s ms over %s starts (→ /health/ready p50 %s ms) |\n", f["flags"], f["p50"], f["max"], f["n"], f["ready_p50"]
    }
  }
}
