"""Reads of the reminder rows through the ORM as the billing user of
company A, for `odoo-bin shell`.

Parameters (KD_E2E_PARAMS): user_id, company_ids (all), rows_a, rows_b.
"""

import json
import os
import sys

from odoo.exceptions import AccessError

env = globals()["env"]  # given by odoo-bin shell
params = json.loads(os.environ["KD_E2E_PARAMS"])
user = env["res.users"].browse(params["user_id"])
Reminder = env["account.move.reminder"].with_user(user)
found = {"search": sorted(Reminder.search([]).ids)}
try:
    # Asking for company B in the context does not widen the user's companies.
    found["search_all_companies"] = sorted(
        Reminder.with_context(allowed_company_ids=params["company_ids"]).search([]).ids
    )
except AccessError as error:
    found["search_all_companies"] = f"AccessError: {error}"
try:
    Reminder.browse(params["rows_b"]).read(["sequence", "email_to"])
    found["read_b"] = "allowed"
except AccessError as error:
    found["read_b"] = f"AccessError: {error}"
try:
    moves_b = env["account.move"].with_user(user).browse(params["moves_b"])
    found["invoice_b_reminders"] = moves_b.read(["reminder_email"])
except AccessError as error:
    found["invoice_b_reminders"] = f"AccessError: {error}"
env.cr.rollback()
sys.stdout.write("KD_E2E_RESULT " + json.dumps(found, default=str) + "\n")
