#!/usr/bin/env bash
# Load test: starts the site the production way (gunicorn, as `make serve` does) on loopback,
# then holds CONNECTIONS clients for DURATION on each kind of page, in both languages, with
# wrk (Debian package `wrk`). Prints requests/s, latency p50/p99, non-2xx answers and socket
# errors per page, fails if any page had a non-2xx answer or an error, and always stops the
# server it started. Only ever targets 127.0.0.1.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8000}"
CONNECTIONS="${CONNECTIONS:-50}"
DURATION="${DURATION:-30s}"
THREADS="${THREADS:-2}"
BASE="http://127.0.0.1:${PORT}"
BIN=.venv/bin
PIDFILE="$(mktemp -u /tmp/cities-loadtest-XXXXXX.pid)"
LOG="$(mktemp /tmp/cities-loadtest-XXXXXX.log)"

command -v wrk >/dev/null || { echo "wrk is needed: sudo apt-get install wrk" >&2; exit 2; }
[ -n "${SECRET_KEY:-}" ] || [ -f .secret_key ] || { echo "Set SECRET_KEY, or run make run once" >&2; exit 2; }
# The settings read .secret_key unless SECRET_KEY is set.
export DJANGO_SETTINGS_MODULE=cities_site.settings

stop_server() {
    if [ -f "$PIDFILE" ]; then
        kill "$(cat "$PIDFILE")" 2>/dev/null || true
        for _ in $(seq 50); do [ -f "$PIDFILE" ] || break; sleep 0.2; done
        rm -f "$PIDFILE"
    fi
    # If gunicorn never wrote its pid file, stop the process group started below.
    if [ -n "${SERVER_PID:-}" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -- -"$SERVER_PID" 2>/dev/null || true
    fi
}
trap stop_server EXIT

$BIN/python manage.py migrate --noinput -v0
$BIN/python manage.py load_content >/dev/null
$BIN/python manage.py collectstatic --noinput -v0
# Three workers share the machine's cores with wrk; no per-request log line (it would measure
# the terminal, not the site).
PORT="$PORT" GUNICORN_WORKERS="${GUNICORN_WORKERS:-3}" LOG_LEVEL=WARNING \
    setsid $BIN/gunicorn -c gunicorn.conf.py --pid "$PIDFILE" >"$LOG" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
    curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
    sleep 0.2
done
curl -fsS -o /dev/null "$BASE/healthz"

# One page of each kind, in each language, read from the site itself.
read -r PARTNER_FR PARTNER_EN INITIATIVE_FR INITIATIVE_EN THEME_FR THEME_EN < <(
    $BIN/python -c '
import django; django.setup()
from partners.models import Partner
from initiatives.models import Initiative, Theme
p = Partner.objects.published().order_by("pk").first()
i = Initiative.objects.published().order_by("pk").first()
t = Theme.objects.filter(initiatives__is_published=True).order_by("pk").first()
print(p.slug_fr, p.slug_en, i.slug_fr, i.slug_en, t.slug_fr, t.slug_en)
' 2>/dev/null | tail -1
)
PAGES=(
    "home /fr/" "home /en/"
    "directory /fr/partenaires/" "directory /en/partners/"
    "partner /fr/partenaires/$PARTNER_FR/" "partner /en/partners/$PARTNER_EN/"
    "initiatives /fr/initiatives/" "initiatives /en/initiatives/"
    "filtered /fr/initiatives/?theme=$THEME_FR" "filtered /en/initiatives/?theme=$THEME_EN"
    "search /fr/initiatives/?q=economie+sociale" "search /en/initiatives/?q=social+economy"
    "initiative /fr/initiatives/$INITIATIVE_FR/" "initiative /en/initiatives/$INITIATIVE_EN/"
)

REPORT="$(mktemp /tmp/cities-loadtest-XXXXXX.lua)"
cat >"$REPORT" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.timeout
  io.write(string.format("RESULT %.1f %.1f %.1f %d %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, errors, summary.requests))
end
LUA

failed=0
printf '\n%-12s %-48s %9s %9s %9s %8s %7s %9s\n' page path "req/s" "p50 ms" "p99 ms" non-2xx errors requests
for entry in "${PAGES[@]}"; do
    kind="${entry%% *}"; path="${entry#* }"
    status=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$path")
    if [ "$status" != 200 ]; then
        echo "$kind $path answers $status, not 200" >&2; failed=1; continue
    fi
    result=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -s "$REPORT" \
        "$BASE$path" | grep '^RESULT')
    read -r _ rps p50 p99 non2xx errors requests <<<"$result"
    printf '%-12s %-48s %9s %9s %9s %8s %7s %9s\n' \
        "$kind" "$path" "$rps" "$p50" "$p99" "$non2xx" "$errors" "$requests"
    if [ "$non2xx" != 0 ] || [ "$errors" != 0 ]; then failed=1; fi
done
rm -f "$REPORT"
if grep -q '"level": "ERROR"' "$LOG"; then
    echo "The server logged errors (see $LOG)" >&2; failed=1
fi
[ "$failed" = 0 ] && echo "Load test passed: no error, no non-2xx answer." || echo "Load test FAILED." >&2
exit "$failed"
