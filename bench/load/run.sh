#!/usr/bin/env bash
# Load benchmark of the release server, driven from a second process (wrk) on loopback.
#   cargo build --release -p sinergi && apt-get install -y wrk
#   bash bench/load/run.sh sqlite            # or: postgres (needs createdb rights on PG_ADMIN)
# Environment: PEOPLE (default 100000), APPLICANTS (20000), DURATION (8s), CONNECTIONS (16),
# THREADS (2), PORT (18150), PG_ADMIN (postgres://postgres@127.0.0.1:5432/postgres).
# Prints one Markdown table row per endpoint: req/s, p50, p99, non-2xx/3xx, server CPU (cores
# used while that endpoint ran) and server RSS. Not part of the test run.
set -euo pipefail
cd "$(dirname "$0")/../.."
backend=${1:-sqlite}
BIN=${BIN:-target/release/sinergi}
PEOPLE=${PEOPLE:-100000}
APPLICANTS=${APPLICANTS:-20000}
DURATION=${DURATION:-8s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
PORT=${PORT:-18150}
PG_ADMIN=${PG_ADMIN:-postgres://postgres@127.0.0.1:5432/postgres}
L=bench/load
work=$(mktemp -d /tmp/sinergi-load-XXXX)
export SINERGI_LOG=warn SINERGI_DATA_DIR="$work/data"
export SINERGI_MASTER_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
if [ "$backend" = postgres ]; then
  db=sinergi_load_$$
  psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  export SINERGI_DATABASE_URL="${PG_ADMIN%/*}/$db"
fi
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ "$backend" = postgres ] && psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "# $(date -u +%FT%TZ) backend=$backend people=$PEOPLE applicants=$APPLICANTS duration=$DURATION c=$CONNECTIONS t=$THREADS"
echo "# machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1e6}' /proc/meminfo); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(date +%s)
"$BIN" demo --no-serve --people "$PEOPLE" > "$work/accounts.txt"
echo "# demo data loaded in $(( $(date +%s) - t0 )) s"
pass() { awk -v u="$1" '$1 == u {print $2}' "$work/accounts.txt"; }

"$BIN" serve --bind "127.0.0.1:$PORT" > "$work/server.out" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$PORT"
for _ in $(seq 1 600); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.5; done
curl -sf "$base/readyz" >/dev/null || { echo "server not ready"; cat "$work/server.out"; exit 1; }
login() {
  curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"$(pass "$1")\"}" \
    "$base/api/v1/session" | sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p'
}
TOKEN=$(login petugas.imigrasi)
OFFICER="sinergi_session=$(login petugas.imigrasi)"
INVESTIGATOR="sinergi_session=$(login penyidik)"
export TOKEN OFFICER INVESTIGATOR

# Applicants: imported in files of 5,000 (screened when opened), plus one recorded and screened.
t0=$(date +%s)
left=$APPLICANTS; n=0
while [ "$left" -gt 0 ]; do
  chunk=$(( left < 5000 ? left : 5000 ))
  { echo "id,full_name,birth_date,sex,purpose,destination,passport_type"
    for i in $(seq 1 "$chunk"); do n=$((n + 1)); echo "bulk-$n,Pemohon Beban $n,1990-01-$(( n % 28 + 1 )),P,tourism,MY,biasa"; done
  } > "$work/apps.csv"
  curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' --data-binary @"$work/apps.csv" \
    "$base/api/v1/applicants/import" > /dev/null
  left=$(( left - chunk ))
done
echo "# $APPLICANTS applicants imported in $(( $(date +%s) - t0 )) s"
APPLICANT_ID=$(curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"source_ref":"load-first","full_name":"Siti Aminah","birth_date":"1995-03-12","sex":"P","purpose":"work","destination":"MY"}' \
  "$base/api/v1/applicants" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
CASE_ID=$(curl -sf -H "Cookie: $INVESTIGATOR" "$base/kasus" | grep -o 'href="/kasus/[0-9a-f-]\{36\}"' | head -1 | cut -d/ -f3 | tr -d '"')
CSRF=$(curl -sf -H "Cookie: $INVESTIGATOR" "$base/kasus/$CASE_ID" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -1)
export APPLICANT_ID CASE_ID CSRF RUN=$$
[ -n "$APPLICANT_ID" ] && [ -n "$CASE_ID" ] && [ -n "$CSRF" ] || { echo "setup failed: applicant=$APPLICANT_ID case=$CASE_ID"; exit 1; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$server_pid/status"; }
ms() { # wrk latency (e.g. 1.23ms, 850.00us, 1.02s) in ms
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.2f", v/1000; else if (v ~ /ms$/) printf "%.2f", v+0; else if (v ~ /s$/) printf "%.0f", v*1000; else print v }'
}
echo
echo "| endpoint | req/s | p50 ms | p99 ms | non-2xx/3xx | server CPU (cores) | server RSS MB |"
echo "|---|---:|---:|---:|---:|---:|---:|"
measure() { # label, wrk script, extra env assignments...
  local label=$1 script=$2; shift 2
  local c0 c1 out secs
  c0=$(cpu_ticks)
  out=$(env "$@" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$L/$script" "$base" 2>&1)
  c1=$(cpu_ticks)
  secs=${DURATION%s}
  local rps p50 p99 bad
  rps=$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')
  p50=$(ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")
  p99=$(ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")
  bad=$(echo "$out" | awk '/Non-2xx/ {print $5}'); bad=${bad:-0}
  echo "| $label | $rps | $p50 | $p99 | $bad | $(awk -v a="$c0" -v b="$c1" -v s="$secs" 'BEGIN {printf "%.2f", (b-a)/100/s}') | $(rss_mb) |"
}
measure "GET /healthz (baseline)" get.lua PATH_=/healthz
measure "GET / (work home, officer)" get.lua PATH_=/ COOKIE="$OFFICER"
measure "GET /prevention (screening queue)" get.lua PATH_=/prevention COOKIE="$OFFICER"
measure "GET /prevention?q=siti (applicant search)" get.lua "PATH_=/prevention?q=siti" COOKIE="$OFFICER"
measure "GET /api/v1/applicants/{id}" get.lua PATH_="/api/v1/applicants/$APPLICANT_ID" TOKEN="$TOKEN"
measure "GET /kasus (case list)" get.lua PATH_=/kasus COOKIE="$INVESTIGATOR"
measure "GET /kasus/{id} (case page)" get.lua PATH_="/kasus/$CASE_ID" COOKIE="$INVESTIGATOR"
measure "GET /api/v1/me" get.lua PATH_=/api/v1/me TOKEN="$TOKEN"
measure "GET /api/v1/people/count" get.lua PATH_=/api/v1/people/count TOKEN="$TOKEN"
measure "GET /prevention/figures (dashboard)" get.lua PATH_=/prevention/figures COOKIE="$OFFICER"
measure "read mix (weights in mix.lua)" mix.lua
measure "POST /api/v1/applicants (record + screen + audit)" record.lua
measure "POST /kasus/{id}/orang (case update + audit)" case_update.lua
echo
"$BIN" audit verify | sed 's/^/# after the run: /'
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
