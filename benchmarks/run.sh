#!/usr/bin/env bash
# Benchmarks of the whole pipeline on generated districts, on this machine:
#   benchmarks/run.sh [small|large|all]     (default: small)
# small = 5,000 students: initial sync, freshness, queries (wrk), replay and the mapping alone;
# large = 50,000 students: initial sync only, capped by BENCH_LARGE_TIMEOUT seconds (default 3600).
# Starts PostgreSQL and RabbitMQ (deploy/local-services.sh), builds Release, runs the four processes on
# their own ports, database and queue (so a sample or test run beside it is left alone), and writes
# benchmarks/results/<date>-<commit>.md. Logs of the last run are in benchmarks/.logs/.
# BENCH_DATABASE and BENCH_QUEUE (with BENCH_API_PORT and BENCH_SANDBOX_PORT) let two runs share a machine.
# BENCH_ONLY="queries replay mapping" re-runs only those small scenarios on the store the last run left,
# appending to the results file (sync and freshness need the full run); a list with "sync" starts a new file
# and a fresh store, e.g. BENCH_ONLY="sync queries" skips only replay and mapping.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

mode=${1:-small}
case "$mode" in small | large | all) ;; *) echo "usage: benchmarks/run.sh [small|large|all]" >&2; exit 2 ;; esac

api_port=${BENCH_API_PORT:-18080}
sandbox_port=${BENCH_SANDBOX_PORT:-18081}
database=${BENCH_DATABASE:-oneroster_bench}
queue=${BENCH_QUEUE:-oneroster-bench-projector}
api=http://127.0.0.1:$api_port
api_application=oneroster-bench-api
sandbox=http://127.0.0.1:$sandbox_port
rostering=$api/ims/oneroster/rostering/v1p2
logs=$root/benchmarks/.logs
bin=bin/Release/net10.0
bench=tests/OneRoster.Projections.Benchmarks/$bin/OneRoster.Projections.Benchmarks

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

eval "$(deploy/local-services.sh)"
admin="postgresql://oneroster:oneroster@127.0.0.1:5432/oneroster"
export ONEROSTER_POSTGRES="Host=127.0.0.1;Port=5432;Database=$database;Username=oneroster;Password=oneroster"
if ! command -v wrk >/dev/null; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

echo "Building (Release)…" >&2
for project in src/OneRoster.Projections.Api src/OneRoster.Projections.Poller src/OneRoster.Projections.Cli \
  tests/OneRoster.Projections.Benchmarks; do
  dotnet build "$project" -c Release -v quiet -nologo >/dev/null
done

commit=$(git rev-parse --short HEAD)
mkdir -p benchmarks/results "$logs"
results=benchmarks/results/$(date -u +%Y-%m-%d)-$commit.md
out() { echo "$@" >>"$results"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
only=${BENCH_ONLY:-}
wants() { [ -z "$only" ] || [[ " $only " == *" $1 "* ]]; }

if ! wants sync; then
  out ""
  out "## Re-run of $only, $(date -u '+%Y-%m-%d %H:%M') UTC, on the store the run above left"
fi
wants sync && {
  echo "# Benchmarks, $(date -u '+%Y-%m-%d %H:%M') UTC, commit $commit ($mode)"
  echo
  echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores;" \
    "memory $(free -h | awk '/^Mem:/ {print $2 " total, " $7 " available"}'); $(uname -sr);" \
    ".NET SDK $(dotnet --version); PostgreSQL $(psql -V | awk '{print $3}'); wrk $(wrk -v 2>&1 | awk 'NR==1 {print $2}')."
  echo
  echo "Everything runs on this one machine: Ed-Fi sandbox, poller, RabbitMQ, projector, PostgreSQL, API and the"
  echo "load generator share its cores, and other engineers' builds and tests may run at the same time, so the"
  echo "figures are noisy; the load average (1, 5, 15 min) is recorded at the start and end of each scenario."
  echo "The poller polls every second (\`--EdFi:PollIntervalSeconds=1\`)."
} >"$results"

pids=()
stop_services() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap stop_services EXIT INT TERM

start() { # name, dll, args…
  local name=$1 dll=$2; shift 2
  dotnet "$dll" "$@" >"$logs/$name.log" 2>&1 &
  pids+=($!)
  eval "${name}_pid=$!"
}

wait_for() { # url, seconds, [curl options…]
  local url=$1 seconds=$2; shift 2
  for _ in $(seq 1 "$seconds"); do
    if curl -sf -o /dev/null "$@" "$url"; then return 0; fi
    sleep 1
  done
  echo "$url did not answer within $seconds s; see $logs" >&2
  exit 1
}

# The API with one rate-limit window large enough for a load generator that uses one client for all its
# connections (the default, 1,200 requests a minute per client, would answer 429 within a second) and an
# application name that tells its PostgreSQL connections apart; then a client created with the CLI and its
# bearer token, in BENCH_API_TOKEN for the harness and wrk.
start_api() {
  start api src/OneRoster.Projections.Api/$bin/OneRoster.Projections.Api.dll --urls "$api" \
    --OneRoster:RateLimit:PermitLimit=1000000000 \
    "--ConnectionStrings:Postgres=$ONEROSTER_POSTGRES;Application Name=$api_application"
  wait_for "$api/" 120
  local credential id secret
  credential=$(dotnet src/OneRoster.Projections.Cli/$bin/oneroster.dll clients create --tenant default \
    --name benchmarks --postgres "$ONEROSTER_POSTGRES" 2>/dev/null)
  id=$(echo "$credential" | sed -n 's/^client_id=//p')
  secret=$(echo "$credential" | sed -n 's/^client_secret=//p')
  BENCH_API_TOKEN=$(curl -sf -u "$id:$secret" -d grant_type=client_credentials "$api/oauth/token" |
    sed -E 's/.*"access_token" *: *"([^"]+)".*/\1/')
  [ -n "$BENCH_API_TOKEN" ] || { echo "No API token for the benchmark client; see $logs/api.log" >&2; exit 1; }
  export BENCH_API_TOKEN
  wait_for "$rostering/orgs?limit=1" 120 -H "Authorization: Bearer $BENCH_API_TOKEN"
}

fresh_store() {
  psql "$admin" -qc "drop database if exists $database with (force)" -c "create database $database"
  as_root rabbitmqctl -q purge_queue "$queue" >/dev/null 2>&1 || true
}

# Starts the sandbox with a generated district, the API and the projector; then the poller, whose start is t0.
start_pipeline() { # students
  start sandbox tests/OneRoster.Projections.EdFiSandbox/$bin/OneRoster.Projections.EdFiSandbox.dll \
    --generate "$1" --seed 42 --urls "$sandbox"
  start_api
  start projector src/OneRoster.Projections.Projector/$bin/OneRoster.Projections.Projector.dll \
    "--Messaging:ProjectorQueue=$queue" "--Projector:HrefBase=$rostering" \
    --Logging:LogLevel:OneRoster.Projections.Projector.ChangePageConsumer=Debug
  wait_for "$sandbox/" 600
  sleep 5 # the projector declares its queue before the poller publishes
  t0=$(date +%s%3N)
  start poller src/OneRoster.Projections.Poller/$bin/OneRoster.Projections.Poller.dll \
    "--EdFi:BaseUrl=$sandbox/" --EdFi:PollIntervalSeconds=1 "--Messaging:ProjectorQueue=$queue"
}

initial_sync() { # students, timeout seconds
  "$bench" district --students "$1" --seed 42 --expected-out "$logs/expected-$1.txt" >>"$results"
  fresh_store
  start_pipeline "$1"
  local before; before=$(load)
  "$bench" initial-sync --students "$1" --seed 42 --api "$api" --t0-ms "$t0" --timeout "$2" \
    --expected "$logs/expected-$1.txt" \
    --projector-pid "$projector_pid" --projector-log "$logs/projector.log" --poller-log "$logs/poller.log" \
    >>"$results"
  out ""
  out "Load average: $before at the start, $(load) at the end."
}

# CPU time (clock ticks, utime + stime) of the given processes.
cpu_ticks() {
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$total"
}
api_backends() { psql "$admin" -Atc "select pid from pg_stat_activity where application_name = '$api_application'"; }

wrk_row() { # label, url, min req/s, max p99 ms (or -), [lua script, its argument]
  local label=$1 url=$2 min_rps=$3 max_p99=$4
  local report before api_cpu pg_cpu
  before=$(load)
  # CPU per request, which other work on the machine moves far less than requests per second.
  api_cpu=$(cpu_ticks "$api_pid")
  pg_cpu=$(cpu_ticks $(api_backends))
  if [ $# -gt 4 ]; then
    report=$(wrk -t2 -c20 -d30s --latency -H "Authorization: Bearer $BENCH_API_TOKEN" -s "$5" "$url" -- "$6")
  else
    report=$(wrk -t2 -c20 -d30s --latency -H "Authorization: Bearer $BENCH_API_TOKEN" "$url")
  fi
  api_cpu=$(($(cpu_ticks "$api_pid") - api_cpu))
  pg_cpu=$(($(cpu_ticks $(api_backends)) - pg_cpu))
  echo "$report" >"$logs/wrk-$(echo "$label" | tr -c 'a-z0-9' '-').txt"
  echo "$report" | awk -v label="$label" -v min_rps="$min_rps" -v max_p99="$max_p99" \
    -v api_cpu="$api_cpu" -v pg_cpu="$pg_cpu" -v hz="$(getconf CLK_TCK)" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 }
    /Non-2xx/ { bad = $NF } / requests in / { requests = $1 }
    END {
      if (min_rps != "-") printf "| %s, requests per second | %.0f req/s | ≥ %d req/s | %s |\n", label, rps, min_rps, ((rps >= min_rps) ? "yes" : "**no**")
      else printf "| %s, requests per second | %.0f req/s | | |\n", label, rps
      if (max_p99 != "-") printf "| %s, p99 latency | %.1f ms | < %d ms | %s |\n", label, p99, max_p99, ((p99 < max_p99) ? "yes" : "**no**")
      else printf "| %s, p99 latency | %.1f ms | | |\n", label, p99
      printf "| %s, median latency | %.1f ms | | |\n", label, p50
      if (requests > 0) printf "| %s, CPU per request | API %.2f ms, PostgreSQL %.2f ms | | |\n", label,
        api_cpu * 1000 / hz / requests, pg_cpu * 1000 / hz / requests
      if (bad != "") printf "| %s, non-2xx responses | %s | 0 | **no** |\n", label, bad
    }' >>"$results"
  out "| load average (start → end) | $before → $(load) | | |"
}

queries() {
  if [ ${#pids[@]} -eq 0 ]; then
    start_api
  fi
  curl -sf -H "Authorization: Bearer $BENCH_API_TOKEN" "$rostering/users?limit=1000&fields=sourcedId" | grep -o '"sourcedId":"[^"]*"' | cut -d'"' -f4 \
    >"$logs/user-ids.txt"
  out ""
  out "### Queries, 5,000 students (wrk, 2 threads, 20 connections, 30 s each)"
  out ""
  out "| figure | measured | target | met |"
  out "|---|---|---|---|"
  wrk_row "/users?limit=100" "$rostering/users?limit=100" 2000 50
  wrk_row "/users/{id}" "$rostering/users" 5000 - benchmarks/users-by-id.lua "$logs/user-ids.txt"
}

if [ "$mode" != large ]; then
  if wants sync; then
    echo "Small district: initial sync…" >&2
    initial_sync 5000 "${BENCH_SMALL_TIMEOUT:-900}"

    echo "Freshness…" >&2
    before=$(load)
    "$bench" freshness --sandbox "$sandbox" --api "$api" --rate 50 --seconds 60 \
      --projector-log "$logs/projector.log" >>"$results"
    out ""
    out "Load average: $before at the start, $(load) at the end."
  fi

  if wants queries; then
    echo "Queries…" >&2
    queries
  fi

  stop_services
  if wants replay; then
    echo "Replay…" >&2
    before=$(load)
    "$bench" replay --postgres "$ONEROSTER_POSTGRES" --href-base "$rostering" >>"$results"
    out ""
    out "Load average: $before at the start, $(load) at the end."
  fi
  if wants mapping; then
    "$bench" mapping --students 5000 --seed 42 >>"$results"
  fi
fi

# Latencies on the large district while its pipeline still runs: a page of users, a vendor's delta that
# returns 100 users changed in the sandbox (delta-prep waits until the API serves them), a class's students.
large_queries() {
  local filter class
  filter=$("$bench" delta-prep --sandbox "$sandbox" --rostering "$rostering" --api-token "$BENCH_API_TOKEN" \
    --count 100)
  class=$(curl -sf -H "Authorization: Bearer $BENCH_API_TOKEN" "$rostering/classes?limit=1&offset=1000&fields=sourcedId" |
    grep -o '"sourcedId":"[^"]*"' | head -1 | cut -d'"' -f4)
  out ""
  out "### Queries, 50,000 students (wrk, 2 threads, 20 connections, 30 s each)"
  out ""
  out "| figure | measured | target | met |"
  out "|---|---|---|---|"
  wrk_row "/users?limit=100" "$rostering/users?limit=100" - -
  wrk_row "delta, /users?filter=dateLastModified>T (100 users changed since T)" \
    "$rostering/users?limit=100&filter=$filter" - -
  wrk_row "/classes/{id}/students" "$rostering/classes/$class/students" - -
}

if [ "$mode" != small ]; then
  echo "Large district: initial sync…" >&2
  stop_services
  initial_sync 50000 "${BENCH_LARGE_TIMEOUT:-3600}"
  echo "Large district: queries…" >&2
  large_queries
  stop_services
fi

echo "Results: $results" >&2
