#!/usr/bin/env bash
# Makes sure pg_dump and pg_restore are on PATH, for the backup and restore test
# (docs/operations.md). Quiet when they are there; installs Debian's
# postgresql-client with apt-get when root; fails otherwise.
set -euo pipefail

command -v pg_dump >/dev/null && command -v pg_restore >/dev/null && exit 0

if [[ $(id -u) -ne 0 ]]; then
	echo "ensure-pg-client: pg_dump or pg_restore is missing; install them as root (Debian: apt-get install postgresql-client) and run again" >&2
	exit 1
fi
if ! command -v apt-get >/dev/null; then
	echo "ensure-pg-client: pg_dump or pg_restore is missing and there is no apt-get to install them; install PostgreSQL's client tools" >&2
	exit 1
fi

echo "ensure-pg-client: installing postgresql-client (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq postgresql-client >&2

if ! command -v pg_dump >/dev/null || ! command -v pg_restore >/dev/null; then
	echo "ensure-pg-client: apt-get installed postgresql-client but pg_dump or pg_restore is still missing" >&2
	exit 1
fi
