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
LOG=$RUN_DIR/$TEST_DB.log
tmpl=$(ensure_template_db)

log "Testing $PROJECT_MODULES in a fresh database $TEST_DB"
copy_db "$tmpl" "$TEST_DB"

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

# End-to-end checks with real servers, SMTP and processes (tests_e2e/);
# E2E=0 leaves them out of a quick local run.
e2e_summary="not run (E2E=0)"
if [ "${E2E:-1}" != 0 ]; then
    log "End-to-end checks: tests_e2e/run.sh"
    set +e
    # One harness at a time on this machine: its databases and ports are fixed.
    flock "$RUN_DIR/e2e.lock" bash "$ROOT/tests_e2e/run.sh" 2>&1 | tee "$RUN_DIR/e2e.log"
    set -e
    e2e_summary=$(grep -E '^e2e: [0-9]+ passed, [0-9]+ failed$' "$RUN_DIR/e2e.log" | tail -n 1 || true)
    if [ -n "$e2e_summary" ]; then
        read -r e2e_passed e2e_failed < <(sed -E 's/^e2e: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/' <<<"$e2e_summary")
        passed=$((passed + e2e_passed))
        failed=$((failed + e2e_failed))
    else
        e2e_summary="e2e: no summary (see $RUN_DIR/e2e.log)"
        failed=$((failed + 1))
    fi
fi

echo "Odoo: ${summary:-no test report}; skipped: $skipped; errors outside tests: $loading_errors"
echo "End-to-end: $e2e_summary"
if [ "$total" -eq 0 ]; then
    echo "no test ran" >&2
    failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$total" -gt 0 ]
