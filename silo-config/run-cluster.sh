#!/usr/bin/env bash
# Runs N silos of one cluster on this machine (profile: postgres.env, or the file in $PROFILE).
#   FLAGGRAINS_DB_PASSWORD=… silo-config/run-cluster.sh [N]   # default 3; silo i: HTTP 8080+i-1, silo port 11111+i-1, gateway 30000+i-1
#   PROFILE=silo-config/azure.env FLAGGRAINS_DB_PASSWORD=… silo-config/run-cluster.sh 3    # membership in Azure Table Storage (Azurite: .ci/azurite.sh)
# Settings already in the environment win over the profile's. The profile's placeholders are filled in here: the
# database password from FLAGGRAINS_DB_PASSWORD, the cluster name "local", and, when the profile's certificate files
# do not exist, a throw-away certificate authority for this machine (dev-certs.sh, under ./data/cluster/tls).
# Migrates the schema first, then starts the silos in the background, waits until each is ready, and stops them all
# on Ctrl+C. Logs go to ./data/cluster/silo-<i>.log.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
count=${1:-3}
profile=${PROFILE:-$here/postgres.env}

# KEY=value lines, exported verbatim (values hold ';', so the file is read, not sourced; it also works as --env-file).
while IFS= read -r line; do
  case "$line" in ''|'#'*) continue ;; esac
  name=${line%%=*}
  [ -n "${!name:-}" ] || export "$line"
done <"$profile"

if [[ "$FlagGrains__Storage__ConnectionString" == *"<database-password>"* ]]; then
  : "${FLAGGRAINS_DB_PASSWORD:?set FLAGGRAINS_DB_PASSWORD (the password of the database role) or a complete FlagGrains__Storage__ConnectionString}"
  export FlagGrains__Storage__ConnectionString="${FlagGrains__Storage__ConnectionString//<database-password>/$FLAGGRAINS_DB_PASSWORD}"
fi
[[ "${FlagGrains__Cluster__ClusterId:-}" != *"<"* ]] || export FlagGrains__Cluster__ClusterId=local
if [ ! -f "${FlagGrains__Cluster__Tls__CertificatePath:-}" ]; then
  while IFS= read -r setting; do export "$setting"; done < <(bash "$here/dev-certs.sh" "$root/data/cluster/tls")
fi

logs="$root/data/cluster"
mkdir -p "$logs"
dotnet build "$root/src/FlagGrains.Silo" -c Release -o "$root/data/cluster/bin" >/dev/null
silo="$root/data/cluster/bin/FlagGrains.Silo.dll"

dotnet "$silo" migrate

pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

for i in $(seq 1 "$count"); do
  http=$((8080 + i - 1))
  FlagGrains__Cluster__SiloPort=$((11111 + i - 1)) FlagGrains__Cluster__GatewayPort=$((30000 + i - 1)) \
    dotnet "$silo" --urls "http://127.0.0.1:$http" >"$logs/silo-$i.log" 2>&1 &
  pids+=($!)
done

for i in $(seq 1 "$count"); do
  http=$((8080 + i - 1))
  for _ in $(seq 1 60); do
    curl -fs "http://127.0.0.1:$http/health/ready" >/dev/null 2>&1 && break
    kill -0 "${pids[$((i - 1))]}" 2>/dev/null || { echo "silo $i exited; see $logs/silo-$i.log" >&2; tail -n 20 "$logs/silo-$i.log" >&2; exit 1; }
    sleep 1
  done
  echo "silo $i ready: http://127.0.0.1:$http (pid ${pids[$((i - 1))]})"
done

echo "cluster of $count silos running; Ctrl+C stops it"
wait
