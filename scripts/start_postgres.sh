#!/usr/bin/env bash
# Start a local PostgreSQL for the Dagster instance (deploy/dagster.postgres.yaml) and the postgres tests.
# Idempotent: installs the Debian package if missing, starts the cluster if it is down, creates the role and
# the database if absent, then waits until a TCP login with the configured password works.
set -euo pipefail

PG_USER="${DAGSTER_PG_USER:-dagster}"
PG_PASSWORD="${DAGSTER_PG_PASSWORD:-dagster}"
PG_DB="${DAGSTER_PG_DB:-dagster_test}"
PG_PORT="${DAGSTER_PG_PORT:-5432}"
PG_HOST=127.0.0.1
WAIT_SECONDS=30

done_steps=()

can_login() {
    command -v psql >/dev/null 2>&1 &&
        PGPASSWORD="$PG_PASSWORD" PGCONNECT_TIMEOUT=3 psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" \
            -XAtqc 'select 1' >/dev/null 2>&1
}

as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        sudo -u postgres -- "$@"
    fi
}

# Already usable (running cluster, role and database in place, or an external server): nothing to do.
if can_login; then
    echo "PostgreSQL déjà prêt : ${PG_USER}@${PG_HOST}:${PG_PORT}/${PG_DB}."
    exit 0
fi

if ! pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; then
    if ! command -v pg_ctlcluster >/dev/null 2>&1; then
        export DEBIAN_FRONTEND=noninteractive
        if ! apt-get install -y -q postgresql >/dev/null; then
            apt-get update -q >/dev/null
            apt-get install -y -q postgresql >/dev/null
        fi
        done_steps+=("installé")
    fi
    version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
    if [ -z "$version" ]; then
        echo "Aucune version de PostgreSQL sous /usr/lib/postgresql." >&2
        exit 1
    fi
    if [ ! -d "/etc/postgresql/${version}/main" ]; then
        pg_createcluster "$version" main --port "$PG_PORT" >/dev/null
        done_steps+=("cluster ${version}/main créé")
    fi
    if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online" {found = 1} END {exit !found}'; then
        pg_ctlcluster "$version" main start
        done_steps+=("cluster ${version}/main démarré")
    fi
fi

# Role and database, created only when absent (psql variables keep the values quoted).
created="$(
    as_postgres psql -p "$PG_PORT" -XAtq -v ON_ERROR_STOP=1 \
        -v user="$PG_USER" -v password="$PG_PASSWORD" -v db="$PG_DB" <<'SQL'
select 'role' where not exists (select from pg_roles where rolname = :'user');
select format('create role %I login createdb password %L', :'user', :'password')
where not exists (select from pg_roles where rolname = :'user') \gexec
select 'base' where not exists (select from pg_database where datname = :'db');
select format('create database %I owner %I', :'db', :'user')
where not exists (select from pg_database where datname = :'db') \gexec
SQL
)"
case "$created" in *role*) done_steps+=("rôle ${PG_USER} créé") ;; esac
case "$created" in *base*) done_steps+=("base ${PG_DB} créée") ;; esac

for _ in $(seq "$WAIT_SECONDS"); do
    if can_login; then
        summary="rien à faire"
        if [ "${#done_steps[@]}" -gt 0 ]; then
            summary="$(printf '%s, ' "${done_steps[@]}")"
            summary="${summary%, }"
        fi
        echo "PostgreSQL prêt : ${PG_USER}@${PG_HOST}:${PG_PORT}/${PG_DB} (${summary})."
        exit 0
    fi
    sleep 1
done
echo "PostgreSQL injoignable en TCP sur ${PG_HOST}:${PG_PORT} avec ${PG_USER}/${PG_DB} après ${WAIT_SECONDS} s" \
    "(mot de passe différent ? voir DAGSTER_PG_PASSWORD)." >&2
exit 1
