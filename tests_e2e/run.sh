#!/usr/bin/env bash
# End-to-end checks of kolecto_dunning with real processes (issue #7): real
# emails through an SMTP server, two cron workers at once, kill -9 in the
# middle of a run, bad inputs, access and companies. See tests_e2e/README.md.
# Ends with one line "e2e: N passed, N failed"; exits non-zero if any failed.
# KD_E2E_KEEP=1 keeps the kd_e2e_* databases (they are kept anyway when a
# check failed); `tests_e2e/run.sh --only crash,access` runs some checks.
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
source "$E2E_DIR/../scripts/common.sh"
source "$E2E_DIR/lib.sh"

setup_all

E2E_WORK=$RUN_DIR/e2e
E2E_BASE_DB=kd_e2e_base
mkdir -p "$E2E_WORK"
rm -f "$E2E_WORK"/*.log "$E2E_WORK"/ready-* "$E2E_WORK"/go-*

e2e_cleanup() {
    local pid
    # Whatever the harness started and could not stop (it was killed).
    if [ -f "$E2E_WORK/pids" ]; then
        while read -r pid; do
            [ -n "$pid" ] && kill -KILL -- "-$pid" 2>/dev/null || true
        done < "$E2E_WORK/pids"
        rm -f "$E2E_WORK/pids"
    fi
    if [ -z "${KD_E2E_KEEP:-}" ] && db_exists "$E2E_BASE_DB"; then
        dropdb --if-exists "$E2E_BASE_DB" || true
        rm -rf "$RUN_DIR/data/filestore/$E2E_BASE_DB"
    fi
    stop_postgres
}
trap e2e_cleanup EXIT

if ! e2e_build_base_db "$E2E_BASE_DB"; then
    echo "could not install kolecto_dunning in $E2E_BASE_DB" >&2
    echo "e2e: 0 passed, 1 failed"
    exit 1
fi

export VENV ODOO_SRC ODOO_CONF PGHOST PGPORT PGUSER
export KD_E2E_WORK=$E2E_WORK KD_E2E_BASE_DB=$E2E_BASE_DB
set +e
"$VENV/bin/python" "$E2E_DIR/harness.py" "$@" 2>&1 | tee "$E2E_WORK/harness.log"
rc=${PIPESTATUS[0]}
set -e
if ! tail -n 1 "$E2E_WORK/harness.log" | grep -qE '^e2e: [0-9]+ passed, [0-9]+ failed$'; then
    echo "the harness stopped before its summary (exit $rc): see $E2E_WORK/harness.log" >&2
    echo "e2e: 0 passed, 1 failed"
    exit 1
fi
exit "$rc"
