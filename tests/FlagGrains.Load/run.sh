#!/usr/bin/env bash
# The load harness: builds Release, starts silos, seeds tests/data/flags-50.json, runs every scenario against
# the silos and a bare-Kestrel baseline in the same run, and prints one markdown table with the machine it ran on.
#
#   tests/FlagGrains.Load/run.sh                 # everything (~6 min); needs wrk (apt-get install wrk)
#   DURATION=30s CONNECTIONS=64 ROUNDS=5 tests/FlagGrains.Load/run.sh   # ROUNDS: bare/silo alternations (default 3)
#   SCENARIOS="http coldstart" tests/FlagGrains.Load/run.sh   # subsets: http fanout streams coldstart cluster
#
# Everything runs on loopback. The cluster scenario needs PostgreSQL 15 (started through .ci/postgres.sh when this
# runs as root; skipped with a message otherwise). Output and silo logs: data/load/ (ignored by git).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/tests/FlagGrains.Load"
out="$root/data/load"
flags=${FLAGS:-$root/tests/data/flags-50.json}
duration=${DURATION:-15s}
connections=${CONNECTIONS:-64}
threads=${WRK_THREADS:-2}
rounds=${ROUNDS:-3}
scenarios=${SCENARIOS:-http fanout streams coldstart cluster}
token=load-harness-admin-token-0123456789
export FG_LUA="$here/lua" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -f "$flags" ] || { echo "flag set not found: $flags" >&2; exit 1; }
rm -rf "$out" && mkdir -p "$out"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
results="$out/results.tsv"
: >"$results"
pids=()
cluster_pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

has() { [[ " $scenarios " == *" $1 "* ]]; }
note() { printf '%s\n' "$*" | tee -a "$out/notes.txt" >&2; }

echo "building Release…" >&2
dotnet publish "$root/src/FlagGrains.Silo" -c Release -o "$out/silo" -v q >/dev/null
dotnet publish "$here" -c Release -o "$out/load" -v q >/dev/null
silo_exe="$out/silo/FlagGrains.Silo"
load() { "$out/load/FlagGrains.Load" "$@"; }

# Silo settings for load: the default configuration, rate limiter on, except the per-address limits (requests and
# streams), which would turn one load generator on 127.0.0.1 into 429s; in production every device has its own address.
export FlagGrains__Bootstrap__AdminToken=$token \
  FlagGrains__RateLimits__PerAddressPerSecond=0 FlagGrains__EventStreams__MaxConnectionsPerAddress=0 \
  Logging__LogLevel__Default=Warning

wait_ready() { # url pid
  for _ in $(seq 1 600); do
    curl -fs "$1/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || { echo "process $2 exited; see $out" >&2; return 1; }
    sleep 0.1
  done
  echo "$1 not ready" >&2
  return 1
}

rss_mb() { awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }
# User + system CPU ticks the process has used: CPU per request is steadier than req/s when the box is shared.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

wrk_run() { # script url label pid
  local line before after
  # Each path warms up on its own: a path first hit under measurement runs unoptimised (tier-0) code for a while.
  wrk -t"$threads" -c"$connections" -d3s -s "$FG_LUA/$1" "$2" >/dev/null
  before=$(cpu_ticks "$4")
  line=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$FG_LUA/$1" "$2" | grep '^RESULT' || true)
  after=$(cpu_ticks "$4")
  [ -n "$line" ] || { note "wrk produced no result for $1"; return; }
  printf '%s\tmem_mb=%s\tcpu_ticks=%s\n' "$line" "$(rss_mb "$4")" "$((after - before))" | tee -a "$results" >&2
}

if has http || has fanout || has streams; then
  echo "single silo (SQLite)…" >&2
  "$silo_exe" --contentRoot "$out/silo" --urls http://127.0.0.1:8080 \
    --FlagGrains:Storage:SqlitePath="$out/single.db" >"$out/single-silo.log" 2>&1 &
  silo_pid=$!
  pids+=("$silo_pid")
  wait_ready http://127.0.0.1:8080 "$silo_pid"
  FG_KEY=$(load seed --admin http://127.0.0.1:8080 --token "$token" --flags "$flags" | sed -n 's/^KEY=//p')
  export FG_KEY
  current_etag() {
    curl -s -D - -o /dev/null -X POST http://127.0.0.1:8080/ofrep/v1/evaluate/flags \
      -H "Authorization: Bearer $FG_KEY" -H 'Content-Type: application/json' \
      -d '{"context":{"targetingKey":"user-42","email":"someone@example.com","appVersion":"2.1.0","country":"NL"}}' |
      tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p'
  }
  FG_ETAG=$(current_etag)
  export FG_ETAG

  if has http; then
    # The bare-Kestrel baseline answers each scenario with the bytes the silo answered it with (body, ETag and caching
    # headers), so each row compares the same exchange: what is left is the silo's own work.
    ofrep=(-H "Authorization: Bearer $FG_KEY" -H 'Content-Type: application/json' \
      -d '{"context":{"targetingKey":"user-42","email":"someone@example.com","appVersion":"2.1.0","country":"NL"}}')
    curl -sf -o "$out/single.json" -X POST http://127.0.0.1:8080/ofrep/v1/evaluate/flags/bench-flag-00 "${ofrep[@]}"
    curl -sf -D "$out/bulk.headers" -o "$out/bulk.json" -X POST http://127.0.0.1:8080/ofrep/v1/evaluate/flags "${ofrep[@]}"
    header() { tr -d '\r' <"$out/bulk.headers" | sed -n "s/^$1: //Ip" | head -1; }
    "$out/load/FlagGrains.Load" baseline --urls http://127.0.0.1:8090 --single "$out/single.json" --bulk "$out/bulk.json" \
      --etag "$(header etag)" --cache-control "$(header cache-control)" --vary "$(header vary)" >"$out/baseline.log" 2>&1 &
    base_pid=$!
    pids+=("$base_pid")
    for _ in $(seq 1 100); do curl -s -o /dev/null -X POST http://127.0.0.1:8090/ofrep/v1/evaluate/flags/x && break; sleep 0.1; done
    note "bytes per answer: single $(wc -c <"$out/single.json"), bulk $(wc -c <"$out/bulk.json") (silo and bare Kestrel alike)"

    # The first seconds after start are busy with background JIT (tier-1 and PGO recompiles of the startup code),
    # which a per-request CPU figure would charge to whatever runs first.
    wrk -t"$threads" -c"$connections" -d10s -s "$FG_LUA/single.lua" http://127.0.0.1:8080 >/dev/null
    wrk -t"$threads" -c"$connections" -d10s -s "$FG_LUA/bulk-fixed.lua" http://127.0.0.1:8080 >/dev/null

    # Bare and silo rows alternate, so a change in the box's load between them touches both; the whole alternation
    # runs ROUNDS times and the table reports medians with their range (on a shared VM one pair swings ±20 %).
    for round in $(seq 1 "$rounds"); do
      for scenario in single:single bulk-fixed:bulk-fixed bulk-users:bulk-100k-users not-modified:bulk-304; do
        script=${scenario%%:*}.lua
        label=${scenario#*:}
        FG_LABEL="bare-$label" wrk_run "$script" http://127.0.0.1:8090 "bare-$label" "$base_pid"
        FG_LABEL="$label" wrk_run "$script" http://127.0.0.1:8080 "$label" "$silo_pid"
        # The bulk ETag covers the advertised stream URL, whose credential changes every CredentialLifetime (an hour):
        # a run that crosses that boundary revalidates with a stale tag and measures full answers under the 304 label.
        if [ "$label" = bulk-304 ] && [ "$(current_etag)" != "$FG_ETAG" ]; then
          note "round $round: the silo's bulk ETag changed during the run (stream credential window); its bulk-304 row may include full 200 answers"
        fi
      done
    done
    kill "$base_pid"; wait "$base_pid" 2>/dev/null || true
  fi

  if has fanout; then
    echo "write → 10,000 event streams…" >&2
    load fanout --silo http://127.0.0.1:8080 --token "$token" --key "$FG_KEY" --pid "$silo_pid" --clients "${FANOUT_CLIENTS:-10000}" \
      --writes 20 | tee -a "$out/fanout.txt" | grep '^RESULT' | sed "s/\$/\tmem_mb=$(rss_mb "$silo_pid")/" >>"$results" || note "fan-out failed (see $out/fanout.txt)"
  fi

  if has streams; then
    echo "stream scale…" >&2
    load streams --silo http://127.0.0.1:8080 --token "$token" --key "$FG_KEY" --pid "$silo_pid" \
      --clients "${STREAM_CLIENTS:-50000}" --sources 16 | tee -a "$out/streams.txt" | grep '^RESULT' >>"$results" ||
      note "stream scale failed (see $out/streams.txt)"
  fi

  kill "$silo_pid"; wait "$silo_pid" 2>/dev/null || true
fi

if has coldstart; then
  echo "cold start with 1,000 flags…" >&2
  load coldstart --silo-exe "$silo_exe" --content-root "$out/silo" --token "$token" --flags "$flags" \
    --workdir "$out/coldstart" --multiply 20 --runs 5 | tee -a "$out/coldstart.txt" | grep '^RESULT' >>"$results" ||
    note "cold start failed (see $out/coldstart.txt)"
fi

if has cluster; then
  if [ "$(id -u)" = 0 ] && bash "$root/.ci/postgres.sh" >/dev/null 2>&1; then
    echo "3-silo cluster (PostgreSQL)…" >&2
    su postgres -c "psql -qc 'drop database if exists flaggrains_bench' -c 'create database flaggrains_bench owner flaggrains'" >/dev/null
    export FlagGrains__Storage__Provider=PostgreSql FlagGrains__Cluster__Mode=AdoNet \
      "FlagGrains__Storage__ConnectionString=Host=127.0.0.1;Port=5432;Username=flaggrains;Password=flaggrains;Database=flaggrains_bench" \
      FlagGrains__Cluster__ClusterId=flaggrains-bench FlagGrains__Cluster__AdvertisedAddress=127.0.0.1 \
      FlagGrains__Cluster__ProbeTimeout=00:00:02 FlagGrains__Cluster__IAmAlivePeriod=00:00:05
    # Cluster mode runs with mutual TLS on the Orleans ports, as deployed: a throw-away authority for the run.
    while IFS= read -r setting; do export "$setting"; done < <(bash "$root/silo-config/dev-certs.sh" "$out/tls")
    "$silo_exe" migrate >"$out/migrate.log" 2>&1
    urls=()
    for i in 1 2 3; do
      http=$((8180 + i))
      FlagGrains__Cluster__SiloPort=$((11200 + i)) FlagGrains__Cluster__GatewayPort=$((30200 + i)) \
        "$silo_exe" --contentRoot "$out/silo" --urls "http://127.0.0.1:$http" >"$out/cluster-silo-$i.log" 2>&1 &
      pids+=($!)
      urls+=("http://127.0.0.1:$http")
      cluster_pids+=($!)
    done
    for i in 0 1 2; do wait_ready "${urls[$i]}" "${cluster_pids[$i]}"; done
    key=$(load seed --admin "${urls[0]}" --token "$token" --flags "$flags" | sed -n 's/^KEY=//p')
    load propagation --silos "$(IFS=,; echo "${urls[*]}")" --token "$token" --key "$key" --writes 200 |
      tee -a "$out/propagation.txt" | grep '^RESULT' >>"$results" || note "propagation failed (see $out/propagation.txt)"
  else
    note "cluster: skipped (needs root to start PostgreSQL 15 through .ci/postgres.sh)"
  fi
fi

{
  echo
  echo "Machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr), .NET $(dotnet --version), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); load generator on the same box, loopback; wrk -t$threads -c$connections -d$duration; load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg); open-file limit $(ulimit -Hn)."
  echo
  awk -f "$here/table.awk" "$results"
  [ -f "$out/notes.txt" ] && sed 's/^/- /' "$out/notes.txt"
} | tee "$out/table.md"
