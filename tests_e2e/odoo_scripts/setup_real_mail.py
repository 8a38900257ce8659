"""Data of the real-mail check, for `odoo-bin shell`: the server's URL for
the PDF reports, a reminder template with an attachment, a French and two
English customers with due invoices.

Parameters (KD_E2E_PARAMS): url, terms_path.
"""

import base64
import json
import os
import sys
from datetime import timedelta

from odoo import Command, fields

env = globals()["env"]  # given by odoo-bin shell
params = json.loads(os.environ["KD_E2E_PARAMS"])
today = fields.Date.context_today(env.user)
icp = env["ir.config_parameter"]
# wkhtmltopdf fetches the report's CSS from the running server.
icp.set_param("web.base.url", params["url"])
icp.set_param("web.base.url.freeze", "True")
icp.set_param("report.url", params["url"])

company = env.company
company.write({"email": "billing@kolecto-e2e.example", "name": "Kolecto E2E SAS"})
env["res.lang"]._activate_lang("fr_FR")
# The module's French texts, when it has them (before the copy, which keeps
# the translations).
env["ir.module.module"]._load_module_terms(["kolecto_dunning"], ["fr_FR"])

with open(params["terms_path"], "rb") as terms_file:
    terms = env["ir.attachment"].create(
        {
            "name": "terms.pdf",
            "datas": base64.b64encode(terms_file.read()),
            "mimetype": "application/pdf",
            "res_model": "mail.template",
        }
    )
courteous = env.ref("kolecto_dunning.mail_template_reminder_courteous")
template = courteous.copy(
    {
        "name": "E2E reminder with terms",
        "is_default": False,
        "attachment_ids": [Command.set(terms.ids)],
    }
)
terms.res_id = template.id

customers = env["res.partner"].create(
    [
        {
            "name": "Boulangerie Martin",
            "email": "compta@boulangerie-martin.example",
            "lang": "fr_FR",
        },
        {
            "name": "Thames Design Ltd",
            "email": "accounts@thames.example",
            "lang": "en_US",
        },
        {"name": "Northwind Traders", "email": "ap@northwind.example", "lang": "en_US"},
    ]
)
moves = env["account.move"].create(
    [
        {
            "move_type": "out_invoice",
            "partner_id": customer.id,
            "invoice_date": today - timedelta(days=40),
            "invoice_date_due": today - timedelta(days=10),
            "invoice_line_ids": [
                Command.create(
                    {"name": "Consulting", "price_unit": 1200.0 + 10 * i, "tax_ids": []}
                )
            ],
        }
        for i, customer in enumerate(customers)
    ]
)
moves.action_post()
for move in moves:
    # Enable first, then choose: written together, the template would keep
    # the plan's other settings from being computed (see check bad_inputs).
    move.reminder_enabled = True
    values = {
        "reminder_template_id": template.id,
        "reminder_first_date": today - timedelta(days=2),
    }
    if move.partner_id.name == "Northwind Traders":
        # Two addresses: the customer's, and one Odoo does not know yet.
        values["reminder_email"] = "ap@northwind.example, cfo@northwind.example"
    move.write(values)
due = env["account.move"].search(env["account.move"]._get_due_reminder_domain(today))
env.cr.commit()  # pylint: disable=invalid-commit
sys.stdout.write(
    "KD_E2E_RESULT "
    + json.dumps(
        {
            "template_id": template.id,
            "due_ids": due.ids,
            "invoices": [
                {
                    "id": move.id,
                    "name": move.name,
                    "lang": move.partner_id.lang,
                    "partner": move.partner_id.name,
                    "emails": move._get_reminder_email_list(),
                    "amount": move.amount_residual,
                }
                for move in moves
            ],
            "company": company.name,
            "subject_en": template.with_context(lang="en_US").subject,
            "subject_fr": template.with_context(lang="fr_FR").subject,
        }
    )
    + "\n"
)
