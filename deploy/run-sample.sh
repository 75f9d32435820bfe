#!/usr/bin/env bash
# Runs the whole pipeline on a sample district and serves it at http://127.0.0.1:8080:
#   Ed-Fi sandbox (:8081) → poller → RabbitMQ → projector → PostgreSQL → OneRoster API (:8080)
#
#   deploy/run-sample.sh                      the bundled sample: Ed-Fi's Grand Bend district (tests/data/grand-bend/ds-5.2)
#   deploy/run-sample.sh --data <folder>      another folder of Ed-Fi JSON lines, one file per resource
#   deploy/run-sample.sh --students 5000      a generated district of that size (seed 42)
#
# The sample starts from an empty projection store and an empty queue each time (the sandbox's change
# versions start again at 1, so an old checkpoint would not fit). Stop with Ctrl-C; logs are in .run/logs/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

source_args=(--data "$root/tests/data/grand-bend/ds-5.2")
while [ $# -gt 0 ]; do
  case "$1" in
    --data) source_args=(--data "$(cd "$2" && pwd)"); shift 2 ;;
    --students) source_args=(--generate "$2" --seed 42); shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

eval "$(deploy/local-services.sh)"
psql "postgresql://oneroster:oneroster@127.0.0.1:5432/oneroster" -qc "drop schema if exists oneroster cascade" 2>/dev/null
# Pages left in the queue by an earlier run belong to that run's district.
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_root rabbitmqctl -q purge_queue oneroster-projector >/dev/null 2>&1 || true

echo "Building…"
dotnet build -c Release -v quiet -nologo OneRoster.Projections.sln >/dev/null

mkdir -p .run/logs
pids=()
stop() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

run() { # name, dll, args...
  local name=$1 dll=$2; shift 2
  dotnet "$dll" "$@" >".run/logs/$name.log" 2>&1 &
  pids+=($!)
}
# Log lines carry UTC times, so the logs show how long each step took.
stamped=(--Logging:Console:FormatterName=simple --Logging:Console:FormatterOptions:TimestampFormat="yyyy-MM-ddTHH:mm:ss.fffZ "
  --Logging:Console:FormatterOptions:UseUtcTimestamp=true)
bin=bin/Release/net10.0
started=$SECONDS
run sandbox tests/OneRoster.Projections.EdFiSandbox/$bin/OneRoster.Projections.EdFiSandbox.dll \
  "${source_args[@]}" --urls http://127.0.0.1:8081
run api src/OneRoster.Projections.Api/$bin/OneRoster.Projections.Api.dll --urls http://127.0.0.1:8080 "${stamped[@]}"
run projector src/OneRoster.Projections.Projector/$bin/OneRoster.Projections.Projector.dll "${stamped[@]}"
run poller src/OneRoster.Projections.Poller/$bin/OneRoster.Projections.Poller.dll \
  --EdFi:BaseUrl=http://127.0.0.1:8081/ "${stamped[@]}"

# An API client for the sample tenant, as an operator would make one for a vendor.
if ! credential=$(dotnet src/OneRoster.Projections.Cli/$bin/oneroster.dll clients create --tenant default --name sample 2>.run/logs/cli.log); then
  echo "could not create the sample API client:" >&2; cat .run/logs/cli.log >&2; exit 1
fi
client_id=$(sed -n 's/^client_id=//p' <<<"$credential")
client_secret=$(sed -n 's/^client_secret=//p' <<<"$credential")
token=""
users=http://127.0.0.1:8080/ims/oneroster/rostering/v1p2/users?limit=5
while [ $((SECONDS - started)) -lt 180 ]; do
  if [ -z "$token" ]; then
    token=$(curl -sf -u "$client_id:$client_secret" -d grant_type=client_credentials \
      http://127.0.0.1:8080/oauth/token 2>/dev/null | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' || true)
  fi
  if [ -n "$token" ] && curl -sf -H "Authorization: Bearer $token" "$users" 2>/dev/null | grep -q '"sourcedId"'; then
    echo "Serving $((SECONDS - started)) s after the services started."
    echo "API client for the sample tenant:  client_id=$client_id  client_secret=$client_secret"
    echo "Get a token (valid 1 h):  curl -u '$client_id:$client_secret' -d grant_type=client_credentials http://127.0.0.1:8080/oauth/token"
    echo "A token now:  export TOKEN=$token"
    echo "Then:  curl -H \"Authorization: Bearer \$TOKEN\" '$users'"
    echo "Swagger UI: http://127.0.0.1:8080/swagger (Authorize with the client id and secret)   Logs: .run/logs/   Stop: Ctrl-C"
    wait
    exit 0
  fi
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "a process stopped; see .run/logs/" >&2; tail -n 20 .run/logs/*.log >&2; exit 1; }
  done
  sleep 1
done
echo "Nothing served 180 s after the services started; see .run/logs/" >&2
exit 1
