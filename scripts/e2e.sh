#!/usr/bin/env bash
# End-to-end tests: a real server (under the /ccpor base path, as behind the
# sheriffs' web VPN) on its own database, driven by Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-chromium.sh

admin="$(scripts/dev-db.sh postgres)"
db="ccpor_e2e_$$"
DATABASE_URL="$(scripts/dev-db.sh "$db")"
export DATABASE_URL
export CCPOR_BASE_PATH=/ccpor CCPOR_LOG_LEVEL=warn
port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
export PORT="$port" CCPOR_PUBLIC_URL="http://127.0.0.1:$port/ccpor"

mkdir -p .data
log=.data/e2e-server.log
bin/ccpor bootstrap >/dev/null
bin/ccpor migrate >/dev/null
bin/ccpor seed demo >/dev/null
# An invitation for the enrolment test: e-mailed to the development outbox, where the
# test opens it (set password and second factor, then sign in).
bin/ccpor invite -username e2e.invited -name "Ivy Invited" -email ivy@courts.example \
  -court riverside -role clerk >/dev/null
# A clerk of its own for the help desk test (its second factor is reset there).
E2E_HELPDESK_INVITATION_URL="$(bin/ccpor invite -username e2e.helped -name "Hugo Helped" -email hugo@courts.example \
  -court riverside -role clerk)"
export E2E_HELPDESK_INVITATION_URL
# The DOJ side: the CARPOS simulator, answering at once, on a port of its own.
simport="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
bin/ccpor carpos-sim -addr "127.0.0.1:$simport" >.data/e2e-carpos-sim.log 2>&1 &
sim=$!
export CCPOR_CARPOS_URL="http://127.0.0.1:$simport" E2E_CARPOS_SIM_URL="http://127.0.0.1:$simport"
bin/ccpor serve >"$log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  kill "$sim" 2>/dev/null || true
  wait "$sim" 2>/dev/null || true
  if command -v psql >/dev/null; then
    psql "$admin" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/ccpor/readyz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { echo "the server died:"; cat "$log"; exit 1; }
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$port/ccpor/readyz" >/dev/null || { echo "the server is not ready:"; cat "$log"; exit 1; }

cd frontend
# E2E_FILES picks test files (e.g. E2E_FILES=e2e/orders.test.mjs); by default every one runs.
if [ -n "${E2E_FILES:-}" ]; then
  # shellcheck disable=SC2086
  E2E_BASE_URL="http://127.0.0.1:$port/ccpor/" node --test --test-concurrency=1 $E2E_FILES || { echo "server log:"; tail -50 "../$log"; exit 1; }
else
  E2E_BASE_URL="http://127.0.0.1:$port/ccpor/" npm run e2e || { echo "server log:"; tail -50 "../$log"; exit 1; }
fi
