#!/usr/bin/env bash
# Starts Azurite's table service (npm package pinned in tests/azurite) on loopback with in-memory persistence, for the
# Azure Table membership tests (FLAGGRAINS_TEST_AZURITE, default 127.0.0.1:10002). A table service already answering
# there is left alone. Called by .ci/run; also what a developer runs to enable those tests locally.
set -euo pipefail
cd "$(dirname "$0")/.."

endpoint=${FLAGGRAINS_TEST_AZURITE:-127.0.0.1:10002}
host=${endpoint%:*}
port=${endpoint##*:}
answers() { (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; }

if answers; then
  echo "Azurite: a table service already answers on $endpoint"
  exit 0
fi

(cd tests/azurite && npm ci --no-audit --no-fund)
log=$(mktemp -t azurite.XXXXXX.log)
# Telemetry off: Azurite would otherwise report usage to Microsoft, and nothing here may call out.
nohup tests/azurite/node_modules/.bin/azurite-table --inMemoryPersistence --disableTelemetry --skipApiVersionCheck --silent \
  --tableHost "$host" --tablePort "$port" >"$log" 2>&1 </dev/null &
echo "$!" >"${log%.log}.pid"

for _ in $(seq 1 60); do
  if answers; then
    echo "Azurite: table service on $endpoint (pid $(cat "${log%.log}.pid"), log $log)"
    exit 0
  fi
  sleep 0.5
done
echo "Azurite did not start on $endpoint:" >&2
cat "$log" >&2
exit 1
