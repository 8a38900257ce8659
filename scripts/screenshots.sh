#!/usr/bin/env bash
# Refresh the documentation's screenshots (kolecto_dunning/static/description/)
# from the demo database, served for the time of the shots on a spare port.
source "$(dirname "$0")/common.sh"

setup_all
DEMO_DB=${DEMO_DB:-kolecto_demo}
PORT=${SCREENSHOTS_PORT:-8079}
db_exists "$DEMO_DB" || die "no demo database $DEMO_DB: run make demo first"
odoo_bin -d "$DEMO_DB" -u "$PROJECT_MODULES" --stop-after-init --no-http --log-level=warn
odoo_bin -d "$DEMO_DB" --db-filter "^$DEMO_DB\$" --http-port "$PORT" --max-cron-threads 0 \
    --log-level=warn &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; stop_postgres' EXIT
for _ in $(seq 60); do
    curl -sf -o /dev/null "http://localhost:$PORT/web/login" && break
    sleep 1
done
"$VENV/bin/python" "$ROOT/scripts/screenshots.py" "http://localhost:$PORT" "$DEMO_DB"
