#!/usr/bin/env bash
# Runs every test. Integration tests need PostgreSQL and RabbitMQ: with a Docker engine they start
# their own through Testcontainers; without one this script starts the Debian services
# (installing rabbitmq-server when missing) and hands their addresses to the tests.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if docker info >/dev/null 2>&1; then
  echo "Docker engine found: integration tests use Testcontainers."
else
  eval "$(deploy/local-services.sh)"
fi

# One formatter for the whole repository (CSharpier, 110 columns): unformatted code fails the run.
dotnet tool restore >/dev/null
dotnet csharpier check src tests

# The run's output is kept so that a failure ends with the names of the failed tests (a CI log is often
# read from its tail, far below them).
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test OneRoster.Projections.sln -c Release --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" ||
  status=$?
if [ "$status" -ne 0 ]; then
  echo
  echo "Tests failed (exit $status). Build errors, then each failed test with the start of its message:"
  grep -E 'error [A-Z]+[0-9]+:' "$log" | sort -u | head -20 || true
  grep -E -A8 '^\s*Failed [A-Za-z]' "$log" | head -150 || true
fi
exit "$status"
