#!/usr/bin/env bash
# Command 2: install the project's add-ons with --test-enable in a fresh
# database, run their tests (tours included), check they uninstall cleanly,
# then print one line "N passed, N failed". Exits non-zero when anything
# failed, was skipped, or when no test ran.
source "$(dirname "$0")/common.sh"

setup_all
trap stop_postgres EXIT

TEST_DB=${TEST_DB:-kd_test}
TEST_HTTP_PORT=${TEST_HTTP_PORT:-8169}
# Odoo's add-ons the project's tests stand on; kept installed in a template
# database so that each run only installs the project's own modules.
BASE_MODULES=${BASE_MODULES:-account,sale}
LOG=$RUN_DIR/$TEST_DB.log
tmpl=kd_tmpl_$(printf '%s|%s' "$(cat "$ODOO_SRC/odoo/release.py" "$ODOO_SRC/addons/account/__manifest__.py" | sha256sum)" "$BASE_MODULES" | sha256sum | cut -c1-12)

if ! db_exists "$tmpl"; then
    log "Building template database $tmpl ($BASE_MODULES, no demo data)"
    dropdb --if-exists "$tmpl.building"
    odoo_bin -d "$tmpl.building" -i "$BASE_MODULES" --without-demo=all --stop-after-init \
        --no-http --log-level=warn
    psql -d postgres -qc "ALTER DATABASE \"$tmpl.building\" RENAME TO \"$tmpl\""
    rm -rf "$RUN_DIR/data/filestore/$tmpl"
    if [ -d "$RUN_DIR/data/filestore/$tmpl.building" ]; then
        mv "$RUN_DIR/data/filestore/$tmpl.building" "$RUN_DIR/data/filestore/$tmpl"
    fi
fi

log "Testing $PROJECT_MODULES in a fresh database $TEST_DB"
dropdb --if-exists "$TEST_DB"
createdb -T "$tmpl" "$TEST_DB"
# The database's attachments live in the filestore: copy the template's.
rm -rf "$RUN_DIR/data/filestore/$TEST_DB"
if [ -d "$RUN_DIR/data/filestore/$tmpl" ]; then
    cp -a "$RUN_DIR/data/filestore/$tmpl" "$RUN_DIR/data/filestore/$TEST_DB"
fi

tags=$(printf '/%s,' ${PROJECT_MODULES//,/ })
set +e
odoo_bin -d "$TEST_DB" -i "$PROJECT_MODULES" --without-demo=all --test-enable \
    --test-tags "${tags%,}" --stop-after-init --http-port "$TEST_HTTP_PORT" \
    --log-level=info 2>&1 | tee "$LOG" | grep -E --line-buffered \
    ' (ERROR|WARNING|CRITICAL) |odoo\.tests\.result|: skipped |^(FAIL|ERROR):|Traceback|^  File|^[A-Za-z]*Error'
set -e

summary=$(grep -E 'failed, [0-9]+ error\(s\) of [0-9]+ tests when loading database' "$LOG" | tail -n 1 || true)
if [ -n "$summary" ]; then
    read -r failures errors total < <(sed -E 's/.* ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\1 \2 \3/' <<<"$summary")
else
    # Odoo died before reporting (e.g. the module failed to install).
    failures=0 errors=1 total=0
fi
skipped=$(grep -cE '\.tests?\.[^ ]*: skipped |: skipped [a-z_]+ \(' "$LOG" || true)
# Any ERROR/CRITICAL line outside the tests' own report is a failure too
# (an install error, a traceback at loading).
loading_errors=$(grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$LOG" | grep -vcE 'odoo\.tests\.|\.tests\.test_' || true)

passed=$((total - failures - errors)); [ "$passed" -ge 0 ] || passed=0
failed=$((failures + errors + skipped + loading_errors))

log "Checking that $PROJECT_MODULES uninstall cleanly"
if odoo_shell -d "$TEST_DB" --no-http --log-level=warn \
        < "$ROOT/scripts/check_uninstall.py" 2>&1 | tee -a "$LOG" | grep -q '^UNINSTALL OK$'; then
    passed=$((passed + 1))
else
    echo "uninstall check failed: see $LOG" >&2
    failed=$((failed + 1))
fi

echo "Odoo: ${summary:-no test report}; skipped: $skipped; errors outside tests: $loading_errors"
if [ "$total" -eq 0 ]; then
    echo "no test ran" >&2
    failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$total" -gt 0 ]
