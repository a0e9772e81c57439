#!/usr/bin/env bash
# Engine benchmarks and the same-box @openfeature/flagd-core baseline, back to back so both see the same
# machine load (printed before and after). Extra arguments go to BenchmarkDotNet, e.g. --filter '*Single*'.
set -euo pipefail
cd "$(dirname "$0")/../.."

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet run -c Release --project tests/FlagGrains.Benchmarks -- --job short --filter '*' "$@"
(cd tests/differential-node && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && node bench.cjs)
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
