# Run by scripts/test.sh through `odoo-bin shell`: uninstall the project's
# add-ons, then check that Odoo removed what they added.
import os

from odoo import SUPERUSER_ID, api

names = os.environ["PROJECT_MODULES"].split(",")
cr = env.cr  # noqa: F821
problems = []
# One at a time, the last installed first: a companion add-on must leave the
# add-ons it extends working when it goes alone.
for name in reversed(names):
    # Each uninstall loads a new registry: work in an environment bound to it.
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["ir.module.module"].search([("name", "=", name)]).button_immediate_uninstall()
    env = api.Environment(cr, SUPERUSER_ID, {})
    if name == "kolecto_dunning_sale" and "kolecto_dunning" in names:
        Template = env["mail.template"].with_context(active_test=False)
        quote = env.ref("sale.email_template_edi_sale", raise_if_not_found=False)
        if quote and (quote.document_type or quote.email_type or quote.is_default):
            problems.append("the quote template is still classified")
        classified = [("model", "=", "sale.order"), ("document_type", "!=", False)]
        if Template.search_count(classified):
            problems.append("a sale.order template is still classified")
        if not Template._get_default_template("invoice", "sending"):
            problems.append("kolecto_dunning lost its default invoice template")
        cr.execute(
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_name = 'sale_order' AND column_name LIKE 'mail_draft%%'"
        )
        if cr.fetchone()[0]:
            problems.append("sale_order keeps the Mails tab's columns")
cr.execute("SELECT name, state FROM ir_module_module WHERE name = ANY(%s)", [names])
states = dict(cr.fetchall())
cr.execute("SELECT to_regclass('account_move_reminder')")
table = cr.fetchone()[0]
cr.execute(
    "SELECT count(*) FROM information_schema.columns WHERE table_name = 'account_move' "
    "AND column_name LIKE 'reminder%%'"
)
columns = cr.fetchone()[0]
removed = set(states.values()) == {"uninstalled"} and table is None and columns == 0
if removed and not problems:
    print("UNINSTALL OK")
else:
    print(
        f"UNINSTALL FAILED: states={states} table={table} columns={columns} "
        f"problems={problems}"
    )
