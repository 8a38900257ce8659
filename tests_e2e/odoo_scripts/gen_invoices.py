"""Due customer invoices in bulk, for `odoo-bin shell` (script on stdin).

Batched ORM creates, posted, each with an already stored invoice PDF (the
attachment Odoo keeps for invoices already sent), so that the reminder cron
reuses it instead of running wkhtmltopdf for each invoice.

Parameters (KD_E2E_PARAMS): count, batch, partners, pdf_path, email_domain,
company_id (optional), template_id (optional, the plan's template).
"""

import json
import os
import sys
import time
from datetime import timedelta

from odoo import Command, fields

env = globals()["env"]  # given by odoo-bin shell
params = json.loads(os.environ["KD_E2E_PARAMS"])
started = time.monotonic()
company = env["res.company"].browse(params.get("company_id") or env.company.id)
# Generated data: no chatter messages nor tracking, as an import would do.
env = env(
    context=dict(env.context, allowed_company_ids=company.ids, tracking_disable=True)
)
today = fields.Date.context_today(env.user)
with open(params["pdf_path"], "rb") as pdf_file:
    pdf = pdf_file.read()

domain = params.get("email_domain", "e2e.example")
partners = env["res.partner"].create(
    [
        {
            "name": f"E2E customer {i:04d}",
            "email": f"customer{i:04d}@{domain}",
            "lang": "en_US",
            "company_id": False,
        }
        for i in range(params.get("partners", 100))
    ]
)
timings = {"create": 0.0, "post": 0.0, "pdf": 0.0}
move_ids = []
batch = params.get("batch", 200)
for start in range(0, params["count"], batch):
    size = min(batch, params["count"] - start)
    tick = time.monotonic()
    moves = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "company_id": company.id,
                "partner_id": partners[(start + i) % len(partners)].id,
                "invoice_date": today - timedelta(days=40),
                "invoice_date_due": today - timedelta(days=10),
                "reminder_enabled": True,
                **(
                    {"reminder_template_id": params["template_id"]}
                    if params.get("template_id")
                    else {}
                ),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "E2E service",
                            "price_unit": 100.0 + start + i,
                            "tax_ids": [],
                        }
                    )
                ],
            }
            for i in range(size)
        ]
    )
    timings["create"] += time.monotonic() - tick
    tick = time.monotonic()
    moves.action_post()
    timings["post"] += time.monotonic() - tick
    tick = time.monotonic()
    env["ir.attachment"].create(
        [
            {
                "name": move._get_invoice_report_filename(),
                "raw": pdf,
                "mimetype": "application/pdf",
                "res_model": "account.move",
                "res_id": move.id,
                "res_field": "invoice_pdf_report_file",
            }
            for move in moves
        ]
    )
    moves.invalidate_recordset(["invoice_pdf_report_id", "invoice_pdf_report_file"])
    timings["pdf"] += time.monotonic() - tick
    move_ids += moves.ids
    env.cr.commit()  # pylint: disable=invalid-commit

moves = env["account.move"].browse(move_ids)
due = env["account.move"].search_count(
    env["account.move"]._get_due_reminder_domain(today) + [("id", "in", move_ids)]
)
sys.stdout.write(
    "KD_E2E_RESULT "
    + json.dumps(
        {
            "move_ids": move_ids,
            "due": due,
            "with_pdf": len(moves.filtered("invoice_pdf_report_id")),
            "seconds": round(time.monotonic() - started, 1),
            "timings": {key: round(value, 1) for key, value in timings.items()},
        }
    )
    + "\n"
)
