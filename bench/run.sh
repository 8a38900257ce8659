#!/usr/bin/env bash
# make bench: measure the reminder cron against Odoo's own message_post_with_source
# (the floor) and against the OCA peers, on data built here in databases kd_bench*,
# then print one table with PASS/FAIL against the targets of issue #8.
# BENCH_QUICK=1: small sizes, a smoke run of every step in a few minutes.
# `bash bench/run.sh profile` then profiles the cron and the baseline (BENCH_N).
source "$(dirname "$0")/../scripts/common.sh"

setup_all
trap stop_postgres EXIT

BENCH_DIR=$RUN_DIR/bench
OCA_DIR=$BENCH_DIR/oca
BENCH_CONF=$BENCH_DIR/odoo.conf
LOG=$BENCH_DIR/bench.log
RESULTS=$BENCH_DIR/results.jsonl
DB=kd_bench
PEERS_DB=kd_bench_peers
INSTALL_DB=kd_bench_install
PEER_MODULES=(account_invoice_overdue_reminder account_credit_control)
PEER_SPECS=("${PEER_MODULES[@]/#/odoo-addon-}")
PEER_SPECS=("${PEER_SPECS[@]/%/==18.0.*}")
if [ "${BENCH_QUICK:-}" = 1 ]; then
    N_SMALL=20 N_LARGE=60 SIZE_SMALL=2000 SIZE_LARGE=6000 WARMUP=5 REPS_SMALL=3 REPS_LARGE=2
else
    N_SMALL=200 N_LARGE=1000 SIZE_SMALL=20000 SIZE_LARGE=100000 WARMUP=10 REPS_SMALL=3 REPS_LARGE=2
fi
mkdir -p "$BENCH_DIR"
: > "$LOG"
: > "$RESULTS"
started=$(date +%s)

result() {  # a JSON line of the bash side
    printf '%s\n' "$1" >> "$RESULTS"
}

# The OCA peers from PyPI, outside the venv: their wheels carry an odoo/addons
# namespace that must not shadow the Odoo source tree.
peers_missing=""
install_peers() {
    local stamp=$OCA_DIR/.installed-$(printf '%s' "${PEER_SPECS[*]}" | sha256sum | cut -c1-12) module dep
    if [ ! -f "$stamp" ]; then
        log "Installing the OCA peers from PyPI into $OCA_DIR"
        rm -rf "$OCA_DIR"
        # Pinned to the 18.0 series: the newest wheel on PyPI may be for 19.0.
        if ! "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps --target "$OCA_DIR" \
                "${PEER_SPECS[@]}" >>"$LOG" 2>&1; then
            peers_missing="pip install failed (see $LOG)"
            return
        fi
        touch "$stamp"
    fi
    result "{\"action\": \"peer_versions\", \"versions\": \"$(cd "$OCA_DIR" && ls -d ./*.dist-info \
        | sed -E 's|^\./odoo_addon_||; s|\.dist-info$||; s|-| |' | paste -sd, | sed 's/,/, /g')\"}"
    # Their OCA dependencies would come from PyPI the same way: say which.
    for module in "${PEER_MODULES[@]}"; do
        grep -qE '"version": "18\.0\.' "$OCA_DIR/odoo/addons/$module/__manifest__.py" \
            || peers_missing+="$module: no 18.0 version on PyPI; "
        for dep in $("$VENV/bin/python" -c 'import ast, sys
print(" ".join(ast.literal_eval(open(sys.argv[1]).read()).get("depends", [])))' \
                "$OCA_DIR/odoo/addons/$module/__manifest__.py"); do
            [ -d "$ODOO_SRC/addons/$dep" ] || [ -d "$ODOO_SRC/odoo/addons/$dep" ] \
                || [ -d "$OCA_DIR/odoo/addons/$dep" ] \
                || peers_missing+="$module needs $dep, not installed; "
        done
    done
}

write_bench_conf() {
    sed "s|^addons_path = .*|&,$OCA_DIR/odoo/addons|" "$ODOO_CONF" > "$BENCH_CONF"
    ODOO_CONF=$BENCH_CONF  # for odoo_bin
}

fresh_db() {  # name template
    dropdb --if-exists --force "$1"
    createdb -T "$2" "$1"
    rm -rf "$RUN_DIR/data/filestore/$1"
    if [ -d "$RUN_DIR/data/filestore/$2" ]; then
        cp -a "$RUN_DIR/data/filestore/$2" "$RUN_DIR/data/filestore/$1"
    fi
}

# One step of bench/bench.py in an Odoo shell; its peak RSS from /usr/bin/time.
step() {  # db action [VAR=value...]
    local db=$1 action=$2 rc=0 rss_file=$BENCH_DIR/rss
    shift 2
    log "$action on $db $*"
    env BENCH_ACTION="$action" BENCH_WARMUP="$WARMUP" "$@" \
        /usr/bin/time -f '%M' -o "$rss_file" \
        "$VENV/bin/python" "$ODOO_SRC/odoo-bin" shell -c "$BENCH_CONF" -d "$db" \
        --no-http --log-level=warn < "$ROOT/bench/bench.py" > "$BENCH_DIR/step.out" 2>>"$LOG" \
        || rc=$?
    cat "$BENCH_DIR/step.out" >> "$LOG"
    if [ "$rc" -ne 0 ] || ! grep -q '^BENCH_RESULT ' "$BENCH_DIR/step.out"; then
        echo "step $action failed (exit $rc): see $LOG" >&2
        result "{\"action\": \"error\", \"step\": \"$action $*\", \"db\": \"$db\"}"
        return 0
    fi
    sed -n 's/^BENCH_RESULT //p' "$BENCH_DIR/step.out" \
        | sed "s/}\$/, \"process_peak_rss_mb\": $(($(tail -n 1 "$rss_file") / 1024))}/" >> "$RESULTS"
}

timed_install() {  # db label modules
    local start rc=0
    start=$(date +%s.%N)
    odoo_bin -d "$1" -i "$3" --without-demo=all --stop-after-init --no-http \
        --log-level=warn >>"$LOG" 2>&1 || rc=$?
    result "{\"action\": \"install\", \"label\": \"$2\", \"seconds\": $(awk "BEGIN { print $(date +%s.%N) - $start }"), \"rc\": $rc}"
    return "$rc"
}

# The code measured: a run is only meaningful if it did not change meanwhile.
code_hash() {
    (cd "$ROOT" && find kolecto_dunning -name '*.py' -o -name '*.xml' | sort | xargs sha256sum) \
        | sha256sum | cut -c1-12
}

install_peers
write_bench_conf

if [ "${1:-}" = profile ]; then
    # bash bench/run.sh profile: where the cron's time and queries go, against
    # the baseline, on the database the last run left (cProfile + SQL by site).
    db_exists "$DB" || die "no $DB database: run make bench first"
    BENCH_ACTION=profile BENCH_N=${BENCH_N:-$N_SMALL} BENCH_WARMUP=$WARMUP \
        "$VENV/bin/python" "$ODOO_SRC/odoo-bin" shell -c "$BENCH_CONF" -d "$DB" \
        --no-http --log-level=warn < "$ROOT/bench/bench.py" 2>>"$LOG"
    exit
fi

tmpl=kd_tmpl_$(printf '%s|%s' "$(cat "$ODOO_SRC/odoo/release.py" "$ODOO_SRC/addons/account/__manifest__.py" | sha256sum)" account | sha256sum | cut -c1-12)
if ! db_exists "$tmpl"; then
    # The template of scripts/test.sh is missing: build one of our own.
    tmpl=kd_bench_tmpl
    if ! db_exists "$tmpl"; then
        log "Building $tmpl (account, no demo data)"
        odoo_bin -d "$tmpl" -i account --without-demo=all --stop-after-init --no-http --log-level=warn
    fi
fi

log "$DB: $tmpl + kolecto_dunning, $((N_LARGE + WARMUP)) due invoices, $SIZE_SMALL in all"
result "{\"action\": \"code\", \"label\": \"start\", \"hash\": \"$(code_hash)\"}"
fresh_db "$DB" "$tmpl"
timed_install "$DB" account_only kolecto_dunning || die "kolecto_dunning does not install: see $LOG"
step "$DB" populate BENCH_N="$N_LARGE" BENCH_TOTAL="$SIZE_SMALL" BENCH_SIZE="$SIZE_SMALL"

if [ -z "$peers_missing" ]; then
    log "$PEERS_DB: a copy of $DB + ${PEER_MODULES[*]}"
    fresh_db "$PEERS_DB" "$DB"
    timed_install "$PEERS_DB" peers "$(IFS=,; echo "${PEER_MODULES[*]}")" || true
    step "$PEERS_DB" peer_setup
else
    result "{\"action\": \"peers_missing\", \"reason\": \"$peers_missing\"}"
fi

for size in "$SIZE_SMALL" "$SIZE_LARGE"; do
    if [ "$size" = "$SIZE_LARGE" ]; then
        step "$DB" filler BENCH_TOTAL="$size" BENCH_SIZE="$size"
    fi
    for n in "$N_SMALL" "$N_LARGE"; do
        reps=$REPS_SMALL
        [ "$n" = "$N_LARGE" ] && reps=$REPS_LARGE
        step "$DB" cron BENCH_N="$n" BENCH_SIZE="$size" BENCH_REPS="$reps"
        if [ "$size" = "$SIZE_SMALL" ] && [ -z "$peers_missing" ]; then
            step "$PEERS_DB" peer BENCH_N="$n" BENCH_SIZE="$size" BENCH_LABEL=overdue
            step "$PEERS_DB" peer BENCH_N="$n" BENCH_SIZE="$size" BENCH_LABEL=credit
        fi
    done
done
step "$DB" scan BENCH_SIZE="$SIZE_LARGE"

log "$INSTALL_DB: $tmpl + $SIZE_LARGE invoices, then kolecto_dunning"
fresh_db "$INSTALL_DB" "$tmpl"
step "$INSTALL_DB" populate_install BENCH_TOTAL="$SIZE_LARGE" BENCH_SIZE="$SIZE_LARGE"
timed_install "$INSTALL_DB" filled kolecto_dunning || true

result "{\"action\": \"code\", \"label\": \"end\", \"hash\": \"$(code_hash)\"}"
result "{\"action\": \"total\", \"seconds\": $(($(date +%s) - started))}"
"$VENV/bin/python" "$ROOT/bench/report.py" "$RESULTS" \
    --quick "${BENCH_QUICK:-0}" --n "$N_SMALL" "$N_LARGE" --sizes "$SIZE_SMALL" "$SIZE_LARGE" \
    --warmup "$WARMUP"
