#!/usr/bin/env bash
# Makes sure PostgreSQL's server programs (initdb, pg_ctl) are installed, for the
# durability test, which starts a private cluster it may stop. Quiet when they are
# there; installs Debian's postgresql with apt-get when root; fails otherwise.
set -euo pipefail

for d in /usr/lib/postgresql/*/bin; do
	[[ -x $d/initdb && -x $d/pg_ctl ]] && exit 0
done
command -v initdb >/dev/null && command -v pg_ctl >/dev/null && exit 0

if [[ $(id -u) -ne 0 ]]; then
	echo "ensure-pg-server: initdb or pg_ctl is missing; install them as root (Debian: apt-get install postgresql) and run again" >&2
	exit 1
fi
if ! command -v apt-get >/dev/null; then
	echo "ensure-pg-server: initdb or pg_ctl is missing and there is no apt-get to install them; install PostgreSQL's server" >&2
	exit 1
fi
echo "ensure-pg-server: installing postgresql (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq postgresql >&2
