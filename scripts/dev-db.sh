#!/usr/bin/env bash
# dev-db.sh DBNAME  prints one line on stdout: a superuser PostgreSQL URL to database
#                   DBNAME (which need not exist yet: `ccpor bootstrap` creates it).
# dev-db.sh --stop  stops this repository's private cluster, if it runs.
#
# Where the server comes from, first match wins:
#   1. $DATABASE_URL, with its database replaced by DBNAME (query string kept);
#   2. a server on 127.0.0.1:5432 that lets `postgres` in as superuser without a password;
#   3. a private cluster of this repository, made and started on demand from the
#      machine's PostgreSQL server binaries (installed with apt-get when root and absent).
#      Its state lives in <repo>/.data/postgres: `port` (chosen once), `location` (the
#      cluster directory: .data/postgres/cluster, or /tmp/ccpor-pg-<hash> when the
#      postgres user cannot reach the repository), `lock`. Trust authentication, TCP on
#      127.0.0.1 only, the unix socket inside the cluster directory. Remove
#      .data/postgres (after --stop) to start afresh.
# Everything but the URL goes to stderr.
set -euo pipefail

exec 3>&1 1>&2 # stdout is for the URL alone; fd 3 keeps it

log() { printf 'dev-db: %s\n' "$*" >&2; }
die() {
	log "$*"
	exit 1
}

usage() {
	die "usage: $0 DBNAME | $0 --stop"
}

[[ $# -eq 1 ]] || usage
arg=$1

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
state=$repo/.data/postgres
is_root() { [[ $(id -u) -eq 0 ]]; }

# --- 1. DATABASE_URL -------------------------------------------------------------

from_database_url() {
	local db=$1 re='^([A-Za-z][A-Za-z0-9+.-]*://[^/?#]*)(/[^?#]*)?(\?[^#]*)?$'
	[[ $DATABASE_URL =~ $re ]] ||
		die "DATABASE_URL is not a postgres://user@host:port/db URL; cannot point it at database $db"
	local base=${BASH_REMATCH[1]} path=${BASH_REMATCH[2]} query=${BASH_REMATCH[3]}
	if [[ ${path#/} == "$db" ]]; then
		printf '%s\n' "$DATABASE_URL" >&3
	else
		printf '%s/%s%s\n' "$base" "$db" "$query" >&3
	fi
}

# --- 2. the machine's server on 127.0.0.1:5432 -------------------------------------

tcp_open() { # host port: does something accept TCP connections there?
	timeout 3 bash -c 'exec 9<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

server_ready() { # port: is a PostgreSQL server accepting connections on 127.0.0.1:port?
	if command -v pg_isready >/dev/null; then
		pg_isready -q -h 127.0.0.1 -p "$1" -t 3 </dev/null
	else
		tcp_open 127.0.0.1 "$1"
	fi
}

install_packages() { # package...: apt-get install when root, else fail
	is_root || return 1
	command -v apt-get >/dev/null || return 1
	log "installing $* (apt-get)"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 && apt-get install -y -qq "$@" >&2
}

# Without psql: speak the start of the wire protocol. A StartupMessage for user and
# database postgres, answered by AuthenticationOk (R, length 8, code 0) = trusted.
wire_trusts_postgres() { # port
	local reply
	reply=$(timeout 3 bash -c '
		exec 9<>"/dev/tcp/127.0.0.1/$1" || exit 1
		printf "\0\0\0\51\0\3\0\0user\0postgres\0database\0postgres\0\0" >&9
		od -An -tx1 -N9 <&9
		printf "X\0\0\0\4" >&9' _ "$1" 2>/dev/null) || return 1
	[[ $(echo $reply) == "52 00 00 00 08 00 00 00 00" ]]
}

superuser_without_password() { # port: does `postgres` get in as superuser, no password?
	local url="postgres://postgres@127.0.0.1:$1/postgres?sslmode=disable&connect_timeout=3"
	if ! command -v psql >/dev/null; then
		install_packages postgresql-client || true
	fi
	if command -v psql >/dev/null; then
		[[ $(env -u PGPASSWORD -u PGSERVICE -u PGOPTIONS PGPASSFILE=/dev/null \
			psql -X -w -A -t -q -d "$url" \
			-c "select rolsuper from pg_roles where rolname = current_user" </dev/null 2>/dev/null) == t ]]
	else
		log "no psql: checking 127.0.0.1:$1 with a bare protocol handshake (superuser not verified)"
		wire_trusts_postgres "$1"
	fi
}

machine_server() { # true when 127.0.0.1:5432 will do
	server_ready 5432 && superuser_without_password 5432
}

# --- 3. the private cluster ---------------------------------------------------------

find_bindir() {
	local d best=
	for d in /usr/lib/postgresql/*/bin; do
		[[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]] || continue
		if [[ -z $best ]] || [[ $(printf '%s\n%s\n' "$best" "$d" | sort -V | tail -n1) == "$d" ]]; then
			best=$d
		fi
	done
	if [[ -z $best ]] && command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
		best=$(dirname "$(readlink -f "$(command -v initdb)")")
	fi
	[[ -n $best ]] && printf '%s\n' "$best"
}

run_user() { # the user who runs the cluster: PostgreSQL refuses to run as root
	if is_root; then echo postgres; else id -un; fi
}

# Runs a command as the run user, from /, without our fd 3 (the URL's stdout) and fd 8
# (the lock): a server started here would otherwise hold both open for its lifetime.
as_run_user() {
	if [[ $run_user == "$(id -un)" ]]; then
		(cd / && "$@") 3>&- 8>&-
	elif command -v runuser >/dev/null; then
		(cd / && runuser -u "$run_user" -- "$@") 3>&- 8>&-
	else
		(cd / && su -s /bin/bash "$run_user" -c "$(printf '%q ' "$@")") 3>&- 8>&-
	fi
}

ensure_run_user() {
	id -u "$run_user" >/dev/null 2>&1 && return
	is_root || die "user $run_user does not exist"
	log "creating system user $run_user"
	useradd --system --user-group --no-create-home --home-dir /nonexistent \
		--shell /usr/sbin/nologin "$run_user"
}

# The cluster directory: under .data when the run user can reach it and the socket
# path fits (108 bytes), else /tmp/ccpor-pg-<hash of the repository path>.
choose_location() {
	local here=$state/cluster
	if as_run_user test -x "$state" -a -r "$state" &&
		[[ ${#here} -le 80 ]]; then
		echo "$here"
	else
		local hash
		hash=$(printf '%s' "$repo" | sha256sum | cut -c1-12)
		echo "/tmp/ccpor-pg-$hash"
	fi
}

port_free() {
	! tcp_open 127.0.0.1 "$1" || return 1
	if command -v ss >/dev/null; then
		[[ -z $(ss -Htln "sport = :$1" 2>/dev/null) ]]
	fi
}

choose_port() { # start at a port derived from the repository path, take the first free one
	local hash port i
	hash=$(printf '%s' "$repo" | cksum | cut -d' ' -f1)
	port=$((54320 + hash % 1000))
	for ((i = 0; i < 1000; i++)); do
		if port_free "$port"; then
			echo "$port"
			return
		fi
		port=$((port + 1 > 55319 ? 54320 : port + 1))
	done
	die "no free TCP port in 54320-55319"
}

lock_state() {
	mkdir -p "$state"
	if command -v flock >/dev/null; then
		exec 8>"$state/lock"
		flock -w 120 8 || die "another dev-db.sh holds $state/lock"
	fi
}

private_cluster() {
	local db=$1 bindir
	bindir=$(find_bindir) || true
	if [[ -z $bindir ]]; then
		if is_root && command -v apt-get >/dev/null; then
			install_packages postgresql || die "apt-get install postgresql failed"
			# The package may create and start the default cluster on 5432: prefer it.
			if machine_server; then
				printf 'postgres://postgres@127.0.0.1:5432/%s?sslmode=disable\n' "$db" >&3
				return
			fi
			bindir=$(find_bindir) || die "PostgreSQL installed but no initdb/pg_ctl found"
		else
			die "no PostgreSQL server on 127.0.0.1:5432 and no server binaries to run a private one:" \
				"install PostgreSQL (Debian: apt-get install postgresql) or set DATABASE_URL"
		fi
	fi

	run_user=$(run_user)
	ensure_run_user
	lock_state

	local cdir port
	if [[ -s $state/location ]]; then
		cdir=$(<"$state/location")
	else
		cdir=$(choose_location)
		echo "$cdir" >"$state/location"
	fi
	if [[ -s $state/port ]]; then
		port=$(<"$state/port")
	else
		port=$(choose_port)
		echo "$port" >"$state/port"
	fi
	[[ $port =~ ^[0-9]+$ ]] || die "$state/port does not hold a port number"

	if [[ ! -d $cdir ]]; then
		mkdir -m 0700 "$cdir"
		is_root && chown "$run_user:" "$cdir"
	fi
	[[ ! -L $cdir && $(stat -c %U "$cdir") == "$run_user" ]] ||
		die "$cdir is not a directory owned by $run_user; remove it or $state/location"

	local data=$cdir/data sock=$cdir/run logfile=$cdir/postgresql.log
	if [[ ! -s $data/PG_VERSION ]]; then
		log "creating a private PostgreSQL cluster in $data ($("$bindir/postgres" --version))"
		local locale=(--no-locale)
		if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then locale=(--locale=C.UTF-8); fi
		as_run_user "$bindir/initdb" -D "$data" -U postgres -E UTF8 "${locale[@]}" \
			--auth-local=trust --auth-host=trust >/dev/null
		as_run_user mkdir -p -m 0700 "$sock"
		as_run_user tee -a "$data/postgresql.conf" >/dev/null <<-EOF

			# ccpor: private development cluster made by scripts/dev-db.sh
			port = $port
			listen_addresses = '127.0.0.1'
			unix_socket_directories = '$sock'
			max_connections = 200
		EOF
	fi

	if as_run_user "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
		: # running
	else
		log "starting the private cluster on 127.0.0.1:$port (log: $logfile)"
		as_run_user mkdir -p -m 0700 "$sock"
		if ! as_run_user "$bindir/pg_ctl" -D "$data" -l "$logfile" -w -t 60 start \
			-o "-p $port -k $sock -c listen_addresses=127.0.0.1" >&2; then
			tail -n 20 "$logfile" >&2 || true
			die "the private cluster did not start (is port $port taken? then remove $state/port)"
		fi
	fi
	server_ready "$port" || die "the private cluster runs but does not answer on 127.0.0.1:$port"
	printf 'postgres://postgres@127.0.0.1:%s/%s?sslmode=disable\n' "$port" "$db" >&3
}

stop_private_cluster() {
	if [[ ! -s $state/location ]]; then
		log "no private cluster"
		return
	fi
	local cdir bindir
	cdir=$(<"$state/location")
	bindir=$(find_bindir) || die "no pg_ctl found"
	run_user=$(run_user)
	lock_state
	if [[ -s $cdir/data/PG_VERSION ]] && as_run_user "$bindir/pg_ctl" -D "$cdir/data" status >/dev/null 2>&1; then
		as_run_user "$bindir/pg_ctl" -D "$cdir/data" -m fast -w stop >&2
	else
		log "the private cluster is not running"
	fi
}

# --- main ---------------------------------------------------------------------------

case $arg in
--stop)
	stop_private_cluster
	exit
	;;
-h | --help | -*) usage ;;
esac
[[ $arg =~ ^[A-Za-z_][A-Za-z0-9_-]*$ ]] || die "database name $arg: use letters, digits, _ and -"

if [[ -n ${DATABASE_URL:-} ]]; then
	from_database_url "$arg"
elif machine_server; then
	printf 'postgres://postgres@127.0.0.1:5432/%s?sslmode=disable\n' "$arg" >&3
else
	private_cluster "$arg"
fi
