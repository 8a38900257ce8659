#!/usr/bin/env bash
# Refresh the add-ons' translation files. Installs the add-ons in a
# database (kd_i18n, without demo data; reused when it exists), exports each
# one's template <module>/i18n/<module>.pot with Odoo's own exporter, then
# merges it into <module>/i18n/<lang>.po (fr by default), keeping the
# translations already there: new terms come in untranslated, changed ones
# fuzzy (the old translation kept as a hint), removed ones are dropped.
# Idempotent: a second run changes no file.
#
# Usage: bash scripts/update_i18n.sh [module ...]
#   Without arguments: PROJECT_MODULES and every other add-on of the repository.
#   I18N_DB (kd_i18n), I18N_LANGS (fr, space-separated) can be overridden;
#   I18N_MERGER=polib merges with polib even where gettext is installed.
source "$(dirname "$0")/common.sh"

setup_all
trap stop_postgres EXIT

I18N_DB=${I18N_DB:-kd_i18n}
I18N_LANGS=${I18N_LANGS:-fr}
PYTHON=$VENV/bin/python

# --- Which add-ons -----------------------------------------------------------
modules=()
add_module() {
    local m=$1 known
    for known in "${modules[@]}"; do [ "$known" = "$m" ] && return; done
    [ -f "$ROOT/$m/__manifest__.py" ] || die "$m is not an add-on of this repository"
    modules+=("$m")
}
if [ $# -gt 0 ]; then
    for m in "$@"; do add_module "${m%/}"; done
else
    for m in ${PROJECT_MODULES//,/ }; do add_module "$m"; done
    # The add-ons of the repository that PROJECT_MODULES does not list yet.
    for manifest in "$ROOT"/*/__manifest__.py; do
        m=$(basename "$(dirname "$manifest")")
        "$PYTHON" -c 'import ast, sys
sys.exit(0 if ast.literal_eval(open(sys.argv[1]).read()).get("installable", True) else 1)' \
            "$manifest" && add_module "$m"
    done
fi
[ ${#modules[@]} -gt 0 ] || die "no add-on to translate"
module_list=$(IFS=,; echo "${modules[*]}")

# --- The merge tool: gettext's msgmerge, else polib -------------------------
if [ "${I18N_MERGER:-}" != polib ] && ! command -v msgmerge >/dev/null 2>&1 \
        && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "Installing gettext (msgmerge) with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gettext >/dev/null || true
fi
if [ "${I18N_MERGER:-}" = polib ]; then
    merger=polib
elif command -v msgmerge >/dev/null 2>&1 && command -v msgattrib >/dev/null 2>&1; then
    merger=msgmerge
else
    merger=polib
    "$PYTHON" -c 'import polib' || die "neither gettext's msgmerge nor polib is available"
    log "gettext's msgmerge is missing: merging with polib"
fi

# --- The database ------------------------------------------------------------
# -i on an installed add-on loads its data in 'init' mode, noupdate records
# included (the email templates): the terms exported are those of the code
# as it is now. -u also drops the records the code no longer defines.
if db_exists "$I18N_DB"; then
    log "Updating $module_list in $I18N_DB"
    odoo_bin -d "$I18N_DB" -i "$module_list" -u "$module_list" --without-demo=all \
        --stop-after-init --no-http --log-level=warn
else
    log "Creating $I18N_DB with $module_list (no demo data)"
    odoo_bin -d "$I18N_DB" -i "$module_list" --without-demo=all --stop-after-init \
        --no-http --log-level=warn
fi

# --- Export and merge ----------------------------------------------------------
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; stop_postgres' EXIT

# Two templates that differ only by their dates are the same template.
same_pot() {
    [ -f "$2" ] && cmp -s \
        <(grep -vE '^"(POT-Creation-Date|PO-Revision-Date): ' "$1") \
        <(grep -vE '^"(POT-Creation-Date|PO-Revision-Date): ' "$2")
}

# A new <lang>.po: the template with Odoo's header for that language.
new_po() {
    local pot=$1 po=$2 lang=$3
    "$PYTHON" - "$pot" "$po" "$lang" <<'PY'
import sys

import polib

pot_path, po_path, lang = sys.argv[1:]
# Odoo's own headers (addons/*/i18n/<lang>.po).
PLURAL_FORMS = {
    "fr": "nplurals=3; plural=(n == 0 || n == 1) ? 0 : "
    "n != 0 && n % 1000000 == 0 ? 1 : 2;",
    "de": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=3; plural=n == 1 ? 0 : "
    "n != 0 && n % 1000000 == 0 ? 1 : 2;",
    "it": "nplurals=3; plural=n == 1 ? 0 : "
    "n != 0 && n % 1000000 == 0 ? 1 : 2;",
    "nl": "nplurals=2; plural=(n != 1);",
}
po = polib.pofile(pot_path, wrapwidth=78)
po.metadata.update(
    {
        "Language": lang,
        "Plural-Forms": PLURAL_FORMS.get(lang, "nplurals=2; plural=(n != 1);"),
    }
)
po.save(po_path)
PY
}

merge_po() {
    local pot=$1 po=$2
    if [ "$merger" = msgmerge ]; then
        msgmerge --quiet --previous --width=78 -o "$tmp/merged.po" "$po" "$pot"
        # Terms the code no longer has go: Odoo ignores obsolete entries.
        msgattrib --no-obsolete --width=78 -o "$tmp/clean.po" "$tmp/merged.po"
        cmp -s "$tmp/clean.po" "$po" || cp "$tmp/clean.po" "$po"
    else
        "$PYTHON" - "$pot" "$po" <<'PY'
import sys

import polib

pot_path, po_path = sys.argv[1:]
po = polib.pofile(po_path, wrapwidth=78)
before = po.__unicode__()
po.merge(polib.pofile(pot_path))
for entry in po.obsolete_entries():
    po.remove(entry)
po.metadata["POT-Creation-Date"] = polib.pofile(pot_path).metadata.get(
    "POT-Creation-Date", ""
)
if po.__unicode__() != before:
    po.save(po_path)
PY
    fi
}

for m in "${modules[@]}"; do
    i18n=$ROOT/$m/i18n
    mkdir -p "$i18n"
    log "Exporting $m/i18n/$m.pot"
    odoo_bin -d "$I18N_DB" --i18n-export="$tmp/$m.pot" --modules="$m" --stop-after-init \
        --no-http --log-level=warn
    [ -s "$tmp/$m.pot" ] || die "Odoo exported nothing for $m"
    if same_pot "$tmp/$m.pot" "$i18n/$m.pot"; then
        echo "$m/i18n/$m.pot: unchanged"
    else
        cp "$tmp/$m.pot" "$i18n/$m.pot"
        echo "$m/i18n/$m.pot: updated"
    fi
    for lang in $I18N_LANGS; do
        po=$i18n/$lang.po
        if [ -f "$po" ]; then
            merge_po "$i18n/$m.pot" "$po"
        else
            new_po "$i18n/$m.pot" "$po" "$lang"
        fi
        if command -v msgfmt >/dev/null 2>&1; then
            printf '%s: ' "$m/i18n/$lang.po"
            msgfmt --check-format --statistics -o /dev/null "$po" 2>&1
        else
            echo "$m/i18n/$lang.po: merged"
        fi
    done
done
