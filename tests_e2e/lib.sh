# shellcheck shell=bash
# Helpers of tests_e2e/run.sh, on top of scripts/common.sh (sourced first).

# kd_e2e_base: the template with kolecto_dunning installed, the database
# every check copies. Built afresh each run: the module's code may change.
e2e_build_base_db() {
    local base=$1 tmpl
    tmpl=$(ensure_template_db)
    log "e2e: $base from the template database $tmpl"
    copy_db "$tmpl" "$base"
    odoo_bin -d "$base" -i kolecto_dunning --without-demo=all --stop-after-init \
        --no-http --log-level=warn
    [ "$(psql -d "$base" -tAc "SELECT state FROM ir_module_module WHERE name = 'kolecto_dunning'")" = installed ]
}
