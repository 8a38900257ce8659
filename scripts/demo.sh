#!/usr/bin/env bash
# Command 1: a demo database with the project's add-ons and their demo data,
# served on http://localhost:8069 (admin / admin) until Ctrl-C.
source "$(dirname "$0")/common.sh"

setup_all

DEMO_DB=${DEMO_DB:-kolecto_demo}
DEMO_PORT=${DEMO_PORT:-8069}
if db_exists "$DEMO_DB"; then
    log "Updating $PROJECT_MODULES in the existing database $DEMO_DB"
    odoo_bin -d "$DEMO_DB" -u "$PROJECT_MODULES" --stop-after-init --no-http --log-level=warn
else
    log "Creating the demo database $DEMO_DB (Odoo demo data + kolecto_dunning's)"
    odoo_bin -d "$DEMO_DB" -i "$PROJECT_MODULES" --stop-after-init --no-http --log-level=warn \
        --load-language=fr_FR
    # The demo invoices were posted before the French terms were loaded:
    # prepare their Mails tab again, in each customer's language.
    odoo_shell -d "$DEMO_DB" --no-http --log-level=warn <<'PY'
env["account.move"].search(
    [("state", "=", "posted"), ("move_type", "in", ("out_invoice", "out_refund"))]
).action_mail_draft_reset()
env.cr.commit()
PY
fi
log "Odoo serves $DEMO_DB on http://localhost:$DEMO_PORT (login admin, password admin); Ctrl-C stops it"
trap stop_postgres EXIT
odoo_bin -d "$DEMO_DB" --db-filter "^$DEMO_DB\$" --http-port "$DEMO_PORT"
