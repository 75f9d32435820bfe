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

dotnet test OneRoster.Projections.sln -c Release --logger "console;verbosity=normal" "$@"
