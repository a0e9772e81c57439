#!/usr/bin/env bash
# Installs and starts PostgreSQL 15 for the tests that need a real server, with the role and database they expect.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ ! -d /etc/postgresql/15/main ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
fi

pg_ctlcluster 15 main start 2>/dev/null || pg_ctlcluster 15 main status >/dev/null

for _ in $(seq 1 30); do
  su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done

su postgres -c "psql -qtAc \"select 1 from pg_roles where rolname='flaggrains'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"create role flaggrains login createdb password 'flaggrains'\""
su postgres -c "psql -qtAc \"select 1 from pg_database where datname='flaggrains_test'\"" | grep -q 1 ||
  su postgres -c "psql -qc 'create database flaggrains_test owner flaggrains'"
echo "PostgreSQL 15 is running on 127.0.0.1:5432 (role flaggrains, database flaggrains_test)"
