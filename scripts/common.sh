# shellcheck shell=bash
# Shared setup for the project's commands: Odoo source, system packages,
# virtualenv, a private PostgreSQL cluster and an Odoo configuration file.
# Sourced by scripts/demo.sh, scripts/test.sh and friends; every step is
# idempotent and cheap when already done.

set -euo pipefail
# runuser, pg tools and apt-get live in sbin folders some environments omit.
export PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The one default place for the Odoo 18.0 tree, outside the repository.
ODOO_SRC=${ODOO_SRC:-$HOME/src/odoo-18.0}
ODOO_GIT_URL=${ODOO_GIT_URL:-https://github.com/odoo/odoo.git}
VENV=${VENV:-$ROOT/.venv}
RUN_DIR=$ROOT/.run
PGPORT=${KD_PGPORT:-54329}
PGUSER=odoo
ODOO_CONF=$RUN_DIR/odoo.conf
# The add-ons of this repository, in install order.
export PROJECT_MODULES=${PROJECT_MODULES:-kolecto_dunning,kolecto_dunning_sale}

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

ensure_odoo() {
    if [ -x "$ODOO_SRC/odoo-bin" ]; then
        return
    fi
    if [ -d "$ODOO_SRC" ] && [ -n "$(ls -A "$ODOO_SRC" 2>/dev/null)" ]; then
        die "$ODOO_SRC exists but holds no Odoo tree (no odoo-bin). Empty it, or set ODOO_SRC to an Odoo 18.0 source tree."
    fi
    log "Cloning Odoo 18.0 into $ODOO_SRC (depth 1)"
    mkdir -p "$(dirname "$ODOO_SRC")"
    if ! git clone --depth 1 --branch 18.0 "$ODOO_GIT_URL" "$ODOO_SRC"; then
        rm -rf "$ODOO_SRC"
        die "could not get Odoo 18.0. Put an Odoo 18.0 community source tree (the folder holding odoo-bin) at $ODOO_SRC, or point ODOO_SRC at one: ODOO_SRC=/path/to/odoo make test"
    fi
}

pg_bindir() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] && { echo "$dir"; return; }
    done
    command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)"
}

ensure_system_packages() {
    local missing=()
    [ -n "$(pg_bindir)" ] || missing+=(postgresql)
    command -v pg_config >/dev/null 2>&1 || missing+=(libpq-dev)
    command -v chromium >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1 || missing+=(chromium)
    command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
    [ ${#missing[@]} -eq 0 ] && return
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        log "Installing ${missing[*]} with apt-get"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        die "missing system packages: ${missing[*]}. Install them (Debian/Ubuntu: sudo apt-get install ${missing[*]}) and run again."
    fi
}

ensure_venv() {
    local stamp=$VENV/.requirements.sha256 wanted
    wanted=$(cat "$ODOO_SRC/requirements.txt" "$ROOT/requirements-dev.txt" "$ROOT/scripts/odoo_requirements.py" \
        | sha256sum | cut -d' ' -f1)-$(python3 -c 'import sys; print(sys.version.split()[0])')
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
        return
    fi
    log "Installing Odoo's requirements and the dev tools in $VENV"
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check packaging 2>&1 | grep -v '^WARNING: Location' || true
    "$VENV/bin/python" "$ROOT/scripts/odoo_requirements.py" "$ODOO_SRC/requirements.txt" > "$VENV/odoo-requirements.txt"
    "$VENV/bin/pip" install -q --disable-pip-version-check \
        -r "$VENV/odoo-requirements.txt" -r "$ROOT/requirements-dev.txt" 2>&1 | grep -v '^WARNING: Location' || true
    "$VENV/bin/python" -c 'import odoo' 2>/dev/null || true
    "$VENV/bin/python" -c 'import psycopg2, lxml, websocket, werkzeug' \
        || die "the virtualenv in $VENV is incomplete: see pip's output above"
    echo "$wanted" > "$stamp"
}

# PostgreSQL refuses to run as root: when root, the cluster belongs to the
# 'postgres' system user (created by Debian's package).
as_pg_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

ensure_postgres() {
    local bindir datadir
    bindir=$(pg_bindir)
    PGHOST=$RUN_DIR/pg
    mkdir -p "$PGHOST"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$PGHOST"
        # The unix socket path must stay short (107 bytes at most).
        if ! as_pg_owner test -x "$PGHOST" || [ ${#PGHOST} -gt 80 ]; then
            # The checkout sits below a folder the postgres user cannot
            # traverse (e.g. /root): keep the cluster in a folder it can reach,
            # linked from .run/pg.
            local outside
            outside=/var/tmp/kolecto_dunning-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)
            mkdir -p "$outside"
            chown postgres: "$outside"
            rmdir "$PGHOST" 2>/dev/null || rm -f "$PGHOST"
            ln -sfn "$outside" "$PGHOST"
            PGHOST=$outside
        fi
    fi
    datadir=$PGHOST/data
    if [ ! -f "$datadir/PG_VERSION" ]; then
        log "Creating a private PostgreSQL cluster in $datadir"
        as_pg_owner "$bindir/initdb" -D "$datadir" -U "$PGUSER" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_pg_owner "$bindir/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
        log "Starting PostgreSQL on port $PGPORT (socket in $PGHOST)"
        PG_STARTED_HERE=1
        as_pg_owner "$bindir/pg_ctl" -D "$datadir" -l "$PGHOST/postgres.log" -w \
            -o "-p $PGPORT -k $PGHOST -c listen_addresses='' -c fsync=off -c full_page_writes=off -c max_connections=200" start >/dev/null
    fi
    export PGHOST PGPORT PGUSER
}

# Stop the cluster if this command started it and nobody else uses it
# (a demo or another test run may have connected since).
stop_postgres() {
    local datadir=$RUN_DIR/pg/data others
    [ "${PG_STARTED_HERE:-}" = 1 ] && [ -f "$datadir/PG_VERSION" ] || return 0
    others=$(psql -d postgres -tAc "SELECT count(*) FROM pg_stat_activity
        WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()" 2>/dev/null || echo 0)
    [ "$others" = 0 ] || return 0
    as_pg_owner "$(pg_bindir)/pg_ctl" -D "$datadir" -m fast stop >/dev/null 2>&1 || true
}

write_odoo_conf() {
    mkdir -p "$RUN_DIR"
    cat > "$ODOO_CONF" <<CONF
[options]
addons_path = $ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$ROOT
data_dir = $RUN_DIR/data
db_host = $PGHOST
db_port = $PGPORT
db_user = $PGUSER
db_password = False
admin_passwd = admin
list_db = True
CONF
}

setup_all() {
    ensure_odoo
    ensure_system_packages
    ensure_venv
    ensure_postgres
    write_odoo_conf
}

odoo_bin() {
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" "$@"
}

odoo_shell() {
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" shell -c "$ODOO_CONF" "$@"
}

# Odoo's add-ons the tests stand on, kept installed (no demo data) in a
# template database so that a run only installs the project's own modules.
export BASE_MODULES=${BASE_MODULES:-account,sale}

template_db_name() {
    printf 'kd_tmpl_%s' "$(printf '%s|%s' \
        "$(cat "$ODOO_SRC/odoo/release.py" "$ODOO_SRC/addons/account/__manifest__.py" | sha256sum)" \
        "$BASE_MODULES" | sha256sum | cut -c1-12)"
}

# Build the template database once; print its name.
ensure_template_db() {
    local tmpl
    tmpl=$(template_db_name)
    if ! db_exists "$tmpl"; then
        log "Building template database $tmpl ($BASE_MODULES, no demo data)"
        dropdb --if-exists "$tmpl.building"
        odoo_bin -d "$tmpl.building" -i "$BASE_MODULES" --without-demo=all --stop-after-init \
            --no-http --log-level=warn >&2
        psql -d postgres -qc "ALTER DATABASE \"$tmpl.building\" RENAME TO \"$tmpl\""
        rm -rf "$RUN_DIR/data/filestore/$tmpl"
        if [ -d "$RUN_DIR/data/filestore/$tmpl.building" ]; then
            mv "$RUN_DIR/data/filestore/$tmpl.building" "$RUN_DIR/data/filestore/$tmpl"
        fi
    fi
    echo "$tmpl"
}

# A fresh copy of a database, with its filestore (where its attachments
# live). The source may be busy for a moment (another run copying it).
copy_db() {
    local source=$1 target=$2 try
    dropdb --if-exists "$target"
    for try in 1 2 3 4 5; do
        createdb -T "$source" "$target" 2>/dev/null && break
        [ "$try" -eq 5 ] && { createdb -T "$source" "$target"; return 1; }
        sleep 2
    done
    rm -rf "$RUN_DIR/data/filestore/$target"
    if [ -d "$RUN_DIR/data/filestore/$source" ]; then
        cp -a "$RUN_DIR/data/filestore/$source" "$RUN_DIR/data/filestore/$target"
    fi
}

db_exists() {
    [ "$(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]
}
