# Run by scripts/test.sh through `odoo-bin shell`: uninstall the project's
# add-ons, then check that Odoo removed what they added.
import os

names = os.environ["PROJECT_MODULES"].split(",")
modules = env["ir.module.module"].search([("name", "in", names)])  # noqa: F821
modules.button_immediate_uninstall()
cr = env.cr  # noqa: F821
cr.execute("SELECT name, state FROM ir_module_module WHERE name = ANY(%s)", [names])
states = dict(cr.fetchall())
cr.execute("SELECT to_regclass('account_move_reminder')")
table = cr.fetchone()[0]
cr.execute(
    "SELECT count(*) FROM information_schema.columns WHERE table_name = 'account_move' "
    "AND column_name LIKE 'reminder%%'"
)
columns = cr.fetchone()[0]
if set(states.values()) == {"uninstalled"} and table is None and columns == 0:
    print("UNINSTALL OK")
else:
    print(f"UNINSTALL FAILED: states={states} table={table} columns={columns}")
