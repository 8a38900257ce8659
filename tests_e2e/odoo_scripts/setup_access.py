"""Data of the access and companies check, for `odoo-bin shell`: two
companies with their own reminder plan, template and due invoices (one
customer shared by both), a billing user per company, an Invoicing
administrator and a portal user.

Parameters (KD_E2E_PARAMS): pdf_path, password.
"""

import json
import os
import sys
from datetime import timedelta

from odoo import Command, fields

env = globals()["env"]  # given by odoo-bin shell
params = json.loads(os.environ["KD_E2E_PARAMS"])
today = fields.Date.context_today(env.user)
with open(params["pdf_path"], "rb") as pdf_file:
    pdf = pdf_file.read()

company_a = env.company
company_a.write({"name": "E2E Company A", "email": "billing@company-a.example"})
company_b = env["res.company"].create(
    {"name": "E2E Company B", "email": "billing@company-b.example"}
)
env["account.chart.template"].try_loading("generic_coa", company_b, install_demo=False)
env = env(context=dict(env.context, allowed_company_ids=[company_a.id, company_b.id]))
# Invoice numbers of company B differ from A's: messages are told apart by them.
env["account.journal"].search(
    [("company_id", "=", company_b.id), ("type", "=", "sale")]
).code = "BINV"

templates = {}
for company, letter, interval, count in (
    (company_a, "A", 10, 2),
    (company_b, "B", 5, 3),
):
    templates[letter] = env["mail.template"].create(
        {
            "name": f"E2E reminder of company {letter}",
            "document_type": "invoice",
            "email_type": "reminder",
            "reminder_delay": 7,
            "auto_delete": False,
            "email_from": "{{ object.company_id.email_formatted }}",
            "lang": "{{ object.partner_id.lang }}",
            "subject": f"[{letter}] Please pay {{{{ object.name }}}}",
            "body_html": '<p>Company <t t-out="object.company_id.name"/> reminds you '
            'of invoice <t t-out="object.name"/>.</p>',
        }
    )
    company.write(
        {
            "reminder_template_id": templates[letter].id,
            "reminder_interval": interval,
            "reminder_max_count": count,
        }
    )

Partner = env["res.partner"]
customers = {
    "a": Partner.create(
        {"name": "Customer of A", "email": "customer@a-client.example"}
    ),
    "b": Partner.create(
        {"name": "Customer of B", "email": "customer@b-client.example"}
    ),
    "shared": Partner.create({"name": "Globex (both)", "email": "ap@globex.example"}),
}
moves = {}
for key, company, customer in (
    ("a1", company_a, customers["a"]),
    ("a2", company_a, customers["shared"]),
    ("b1", company_b, customers["b"]),
    ("b2", company_b, customers["shared"]),
):
    move = (
        env["account.move"]
        .with_company(company)
        .create(
            {
                "move_type": "out_invoice",
                "company_id": company.id,
                "partner_id": customer.id,
                "invoice_date": today - timedelta(days=40),
                "invoice_date_due": today - timedelta(days=10),
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Service", "price_unit": 500, "tax_ids": []}
                    )
                ],
            }
        )
    )
    move.action_post()
    move.write({"reminder_enabled": True})
    env["ir.attachment"].create(
        {
            "name": move._get_invoice_report_filename(),
            "raw": pdf,
            "mimetype": "application/pdf",
            "res_model": "account.move",
            "res_id": move.id,
            "res_field": "invoice_pdf_report_file",
        }
    )
    moves[key] = move

Users = env["res.users"].with_context(no_reset_password=True)
group = env.ref
users = {
    "billing_a": Users.create(
        {
            "name": "Billing A",
            "login": "kd_billing_a",
            "email": "billing.a@company-a.example",
            "password": params["password"],
            "company_id": company_a.id,
            "company_ids": [Command.set(company_a.ids)],
            "groups_id": [Command.set(group("account.group_account_invoice").ids)],
        }
    ),
    "billing_b": Users.create(
        {
            "name": "Billing B",
            "login": "kd_billing_b",
            "email": "billing.b@company-b.example",
            "password": params["password"],
            "company_id": company_b.id,
            "company_ids": [Command.set(company_b.ids)],
            "groups_id": [Command.set(group("account.group_account_invoice").ids)],
        }
    ),
    "admin_a": Users.create(
        {
            "name": "Invoicing admin A",
            "login": "kd_admin_a",
            "email": "admin.a@company-a.example",
            "password": params["password"],
            "company_id": company_a.id,
            "company_ids": [Command.set((company_a | company_b).ids)],
            "groups_id": [
                Command.set(
                    (
                        group("account.group_account_manager")
                        | group("mail.group_mail_template_editor")
                    ).ids
                )
            ],
        }
    ),
    "portal": Users.create(
        {
            "name": "Customer of A (portal)",
            "login": "kd_portal_a",
            "password": params["password"],
            "partner_id": customers["a"].id,
            "groups_id": [Command.set(group("base.group_portal").ids)],
        }
    ),
}
# The portal user follows its invoice, as after "Share" or a portal visit.
moves["a1"].message_subscribe(partner_ids=customers["a"].ids)
env.cr.commit()  # pylint: disable=invalid-commit
sys.stdout.write(
    "KD_E2E_RESULT "
    + json.dumps(
        {
            "companies": {"A": company_a.id, "B": company_b.id},
            "company_names": {"A": company_a.name, "B": company_b.name},
            "company_emails": {"A": company_a.email, "B": company_b.email},
            "templates": {letter: t.id for letter, t in templates.items()},
            "moves": {
                key: {
                    "id": m.id,
                    "name": m.name,
                    "company": "A" if m.company_id == company_a else "B",
                    "email": m.reminder_email,
                    "template_id": m.reminder_template_id.id,
                    "due": m.reminder_next_date <= today
                    if m.reminder_next_date
                    else False,
                }
                for key, m in moves.items()
            },
            "users": {key: {"id": u.id, "login": u.login} for key, u in users.items()},
        },
        default=str,
    )
    + "\n"
)
