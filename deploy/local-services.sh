#!/usr/bin/env bash
# Starts PostgreSQL 15 and RabbitMQ from Debian packages on a machine without a Docker engine,
# and creates the role, database and broker user the services and tests use. Idempotent.
#   deploy/local-services.sh            start (installing rabbitmq-server when missing)
#   deploy/local-services.sh --print    print the connection settings as shell exports
set -euo pipefail

PG_USER=oneroster
PG_PASSWORD=oneroster
PG_DB=oneroster
RABBIT_USER=oneroster
RABBIT_PASSWORD=oneroster

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

print_settings() {
  echo "export ONEROSTER_POSTGRES='Host=127.0.0.1;Port=5432;Database=$PG_DB;Username=$PG_USER;Password=$PG_PASSWORD'"
  echo "export ONEROSTER_RABBITMQ='amqp://$RABBIT_USER:$RABBIT_PASSWORD@127.0.0.1:5672/'"
}

if [ "${1:-}" = "--print" ]; then print_settings; exit 0; fi

start_postgres() {
  if ! command -v pg_ctlcluster >/dev/null; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  local version
  version=$(pg_lsclusters -h | awk 'NR==1 {print $1}')
  if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
    as_root pg_ctlcluster "${version:-15}" main start
  fi
  for _ in $(seq 1 30); do
    if as_root su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1; then break; fi
    sleep 1
  done
  as_root su postgres -c "psql -qtAc \"select 1 from pg_roles where rolname='$PG_USER'\"" | grep -q 1 ||
    as_root su postgres -c "psql -qc \"create role $PG_USER login superuser password '$PG_PASSWORD'\""
  as_root su postgres -c "psql -qtAc \"select 1 from pg_database where datname='$PG_DB'\"" | grep -q 1 ||
    as_root su postgres -c "createdb -O $PG_USER $PG_DB"
}

start_rabbitmq() {
  if ! command -v rabbitmq-server >/dev/null && [ ! -x /usr/sbin/rabbitmq-server ]; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server >/dev/null
  fi
  if ! as_root rabbitmqctl -q status >/dev/null 2>&1; then
    as_root sh -c 'nohup rabbitmq-server >/var/log/rabbitmq-local.log 2>&1 &'
  fi
  for _ in $(seq 1 60); do
    if as_root rabbitmqctl -q await_startup >/dev/null 2>&1; then break; fi
    sleep 1
  done
  as_root rabbitmqctl -q list_users | grep -q "^$RABBIT_USER\b" || {
    as_root rabbitmqctl -q add_user "$RABBIT_USER" "$RABBIT_PASSWORD" >/dev/null
    as_root rabbitmqctl -q set_permissions -p / "$RABBIT_USER" ".*" ".*" ".*" >/dev/null
  }
}

# Everything the services and apt print goes to stderr: callers eval stdout, which must hold only
# the exports (pg_ctlcluster's "Removed stale pid file" once broke CI that way).
{ start_postgres; start_rabbitmq; } >&2
print_settings
