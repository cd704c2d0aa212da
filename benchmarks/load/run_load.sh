#!/usr/bin/env bash
# The load test from scratch: a fresh PostgreSQL database `outreach_load`, migrated and loaded
# with the demo section and the load accounts; gunicorn in production mode with several workers
# (deploy/gunicorn.conf.py) and Redis for the sign-in limiter; locust headless; then the
# concurrent-edit run against the same server; gunicorn stopped; and the checks: every write a
# simulated user was told succeeded is in the database, and gunicorn logged no 5xx and no traceback.
#
#   make bench-setup
#   benchmarks/load/run_load.sh                 # 50 users, 5 users/s, 5 minutes
#   USERS=10 SPAWN=2 DURATION=30s benchmarks/load/run_load.sh   # a quick try
#
# Settings (environment): USERS, SPAWN, DURATION, OUT (results, default /tmp/outreach-load),
# PGHOST_URL (server, default postgresql+psycopg://postgres@127.0.0.1:5432), DB (default
# outreach_load), PORT (default 8765), GUNICORN_WORKERS (default: the config's 2 x cores + 1),
# KEEP_DB=1 keeps the database afterwards. Exit code 0 only if every check passed.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
BIN="$ROOT/.venv/bin"
USERS="${USERS:-50}"
SPAWN="${SPAWN:-5}"
DURATION="${DURATION:-5m}"
OUT="${OUT:-/tmp/outreach-load}"
SERVER="${PGHOST_URL:-postgresql+psycopg://postgres@127.0.0.1:5432}"
DB="${DB:-outreach_load}"
PORT="${PORT:-8765}"
HOST="http://127.0.0.1:$PORT"

test -x "$BIN/locust" || { echo "locust is missing: run make bench-setup" >&2; exit 2; }
rm -rf "$OUT" && mkdir -p "$OUT/uploads"

psql_admin() { psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -q "$@"; }
psql_admin -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"

export DATABASE_URL="$SERVER/$DB"
export UPLOAD_FOLDER="$OUT/uploads"
echo "== migrate, seed the demo section, add the load accounts ($(date +%T))"
# Not in production mode: seed-demo refuses to run there (the server below is production).
OUTREACH_ENV=development "$BIN/flask" --app wsgi db upgrade >"$OUT/setup.log" 2>&1
OUTREACH_ENV=development "$BIN/flask" --app wsgi seed-demo >>"$OUT/setup.log" 2>&1
OUTREACH_ENV=development "$BIN/python" benchmarks/load/prepare.py --out "$OUT/accounts.json" | tee -a "$OUT/setup.log"

echo "== gunicorn on $HOST ($(date +%T))"
# Production settings. All simulated users come from 127.0.0.1: the per-address sign-in limit
# (10 a minute by default) would refuse most of the 50 sign-ins in the first minute, so it is
# raised for the run; the per-username limit is the same setting and each user has its own name.
# The access log gets the time each request spent in its worker (ms) as its last field.
OUTREACH_ENV=production \
SECRET_KEY="$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')" \
RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0" \
LOGIN_RATE_LIMIT="${LOGIN_RATE_LIMIT:-1000 per minute}" \
GUNICORN_BIND="127.0.0.1:$PORT" \
GUNICORN_ACCESS_LOG="$OUT/access.log" \
  "$BIN/gunicorn" -c deploy/gunicorn.conf.py \
  --access-logformat '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)s' \
  wsgi:app >"$OUT/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
stop_gunicorn() {
  if kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill -TERM "$GUNICORN_PID"
    wait "$GUNICORN_PID" 2>/dev/null || true
  fi
}
trap stop_gunicorn EXIT
for _ in $(seq 60); do
  curl -fs -o /dev/null "$HOST/healthz" && break
  sleep 1
done
curl -fs -o /dev/null "$HOST/healthz" || { echo "gunicorn did not come up:" >&2; tail -20 "$OUT/gunicorn.log" >&2; exit 1; }
grep -c "Booting worker" "$OUT/gunicorn.log" | sed 's/^/workers booted: /'

# --stop-timeout: at the end each user finishes the task it is in, so that no write is cut off
# between the server saving it and the client reading the answer.
echo "== locust: $USERS users, $SPAWN/s, $DURATION ($(date +%T)); uptime: $(uptime)"
uptime >"$OUT/uptime_before.txt"
LOAD_ACCOUNTS="$OUT/accounts.json" LOAD_WRITES="$OUT/writes.jsonl" \
  "$BIN/locust" -f benchmarks/load/locustfile.py --host "$HOST" --headless -u "$USERS" -r "$SPAWN" -t "$DURATION" \
  --stop-timeout 60 --csv "$OUT/locust" --only-summary --exit-code-on-error 0 >"$OUT/locust.log" 2>&1 || true
uptime >"$OUT/uptime_after.txt"
echo "   uptime after: $(cat "$OUT/uptime_after.txt")"
tail -45 "$OUT/locust.log"

echo "== concurrent edits ($(date +%T))"
status=0
"$BIN/python" benchmarks/load/concurrent_edit.py --host "$HOST" --accounts "$OUT/accounts.json" \
  | tee "$OUT/concurrent.txt" || status=1

stop_gunicorn
trap - EXIT

echo "== lost writes and server errors ($(date +%T))"
OUTREACH_ENV=development "$BIN/python" benchmarks/load/check_writes.py --writes "$OUT/writes.jsonl" \
  --access-log "$OUT/access.log" --server-log "$OUT/gunicorn.log" --locust-csv "$OUT/locust_stats.csv" \
  | tee "$OUT/check.txt" || status=1

if [ "${KEEP_DB:-0}" != 1 ]; then
  psql_admin -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
fi
echo "results in $OUT"
exit $status
