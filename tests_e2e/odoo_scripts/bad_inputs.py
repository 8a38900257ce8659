"""Bad inputs across kolecto_dunning, for `odoo-bin shell`: each case in a
savepoint, rolled back; what it raised, how many emails it queued, and
whether what was there is kept. Nothing is committed.

Cases run as real users where it matters: a billing user
(account.group_account_invoice) for plans and the Mails tab, an Invoicing
administrator for templates.
"""

import base64
import json
import sys
from datetime import timedelta

from odoo import Command, fields

env = globals()["env"]  # given by odoo-bin shell
env = env(context=dict(env.context, mail_notify_force_send=False))
MB = 1024 * 1024
today = fields.Date.context_today(env.user)
company = env.company
Users = env["res.users"].with_context(no_reset_password=True)
billing = Users.create(
    {
        "name": "Billing",
        "login": "kd_bad_billing",
        "email": "billing@bad.example",
        "groups_id": [Command.set(env.ref("account.group_account_invoice").ids)],
    }
)
manager = Users.create(
    {
        "name": "Invoicing admin",
        "login": "kd_bad_manager",
        "email": "manager@bad.example",
        "groups_id": [
            Command.set(
                (
                    env.ref("account.group_account_manager")
                    | env.ref("mail.group_mail_template_editor")
                ).ids
            )
        ],
    }
)
customer = env["res.partner"].create(
    {"name": "Bad Inputs Ltd", "email": "ap@bad-inputs.example", "lang": "en_US"}
)
courteous = env.ref("kolecto_dunning.mail_template_reminder_courteous")
sending = env.ref("account.email_template_edi_invoice")


class Rollback(Exception):
    pass


def attachment(name, size, user=None):
    return (
        env["ir.attachment"]
        .with_user(user or env.user)
        .create(
            {
                "name": name,
                "datas": base64.b64encode(b"x" * size),
                "mimetype": "application/pdf",
            }
        )
    )


def invoice(move_type="out_invoice", post=True, partner=None, **values):
    move = env["account.move"].create(
        {
            "move_type": move_type,
            "partner_id": (partner or customer).id,
            "invoice_date": today - timedelta(days=40),
            "invoice_date_due": today - timedelta(days=10),
            "invoice_line_ids": [
                Command.create({"name": "Service", "price_unit": 300, "tax_ids": []})
            ],
            **values,
        }
    )
    if post:
        move.action_post()
    return move


def with_plan(**values):
    move = invoice(**values)
    move.reminder_enabled = True
    return move


def template_values(**values):
    return {
        "name": "Bad template",
        "document_type": "invoice",
        "email_type": "reminder",
        "reminder_delay": 10,
        "subject": "Pay {{ object.name }}",
        "body_html": "<p>Please pay.</p>",
        **values,
    }


def settings(**values):
    env["res.config.settings"].create(values).execute()


def mails():
    return env["mail.mail"].search_count([])


CASES = []


def case(name, expected, pattern):
    def register(function):
        CASES.append((name, expected, pattern, function))
        return function

    return register


# --- Templates (Invoicing > Configuration > E-mails), as an Invoicing admin
@case(
    "template: attachment over the limit",
    "ValidationError",
    r"(?=.*big-terms\.pdf)(?=.*6 MB)",
)
def _(out):
    big = attachment("big-terms.pdf", int(6.1 * MB), manager)
    Template = env["mail.template"].with_user(manager)
    return lambda: Template.create(
        template_values(attachment_ids=[Command.set(big.ids)])
    )


@case("template: two files over the limit", "ValidationError", r"prices\.pdf")
def _(out):
    first = attachment("terms.pdf", int(3.1 * MB), manager)
    second = attachment("prices.pdf", int(3.1 * MB), manager)
    template = (
        env["mail.template"]
        .with_user(manager)
        .create(template_values(attachment_ids=[Command.set(first.ids)]))
    )
    out["kept"] = lambda: [
        ("template keeps its one file", template.attachment_ids == first)
    ]
    return lambda: template.write({"attachment_ids": [Command.link(second.id)]})


@case("template: negative delay", "ValidationError", r"zero or more days")
def _(out):
    return (
        lambda: env["mail.template"]
        .with_user(manager)
        .create(template_values(reminder_delay=-3))
    )


@case(
    "template: delay on a sending template",
    "ValidationError",
    r"only applies to reminder",
)
def _(out):
    return (
        lambda: env["mail.template"]
        .with_user(manager)
        .create(template_values(email_type="sending", reminder_delay=5))
    )


@case("template: Document without Type", "ValidationError", r"choose a Type")
def _(out):
    return (
        lambda: env["mail.template"]
        .with_user(manager)
        .create(template_values(email_type=False, reminder_delay=0))
    )


@case(
    "template: invoice Document on another model", "ValidationError", r"must apply to"
)
def _(out):
    return (
        lambda: env["mail.template"]
        .with_user(manager)
        .create(template_values(model_id=env["ir.model"]._get_id("res.partner")))
    )


# --- Reminder plans (invoice, Other Info tab), as a billing user
def plan_case(name, pattern, values, expected="ValidationError"):
    @case(name, expected, pattern)
    def _(out):
        move = with_plan().with_user(billing)
        keys = list(values)  # account.move.write adds keys to the dict it gets
        before = {key: str(move[key]) for key in keys}

        def kept():
            after = {key: str(move[key]) for key in keys}
            return [(f"plan unchanged ({before} -> {after})", after == before)]

        out["kept"] = kept
        return lambda: move.write(dict(values))


plan_case(
    "plan: interval 0 with several reminders",
    r"at least one day",
    {"reminder_interval": 0, "reminder_max_count": 3},
)
plan_case("plan: max count 0", r"at least one reminder", {"reminder_max_count": 0})
plan_case(
    "plan: first reminder before the invoice date",
    r"cannot come before the invoice date",
    {"reminder_first_date": today - timedelta(days=60)},
)
plan_case(
    "plan: a template that is not Invoice/Reminder",
    r"not an invoice reminder",
    {"reminder_template_id": sending.id},
)
plan_case(
    "plan: invalid recipient",
    r"Not a valid email address.*nope",
    {"reminder_email": "ap@ok.example, nope"},
)
plan_case(
    "plan: newline header injection in the recipients",
    r"cannot span several lines",
    {"reminder_email": "ap@ok.example\nBcc: everyone@evil.example"},
)


@case("plan: an archived template", "ValidationError", r"archived|[Aa]rchiv")
def _(out):
    old = courteous.copy({"name": "Old reminder", "is_default": False})
    old.active = False
    move = with_plan().with_user(billing)
    return lambda: move.write({"reminder_template_id": old.id})


@case(
    "plan: missing recipient when enabling",
    "ValidationError",
    r"email address reminders",
)
def _(out):
    nomail = env["res.partner"].create({"name": "No Mail SARL"})
    move = invoice(partner=nomail).with_user(billing)
    out["kept"] = lambda: [("plan stays off", not move.reminder_enabled)]
    return lambda: move.write({"reminder_enabled": True})


@case("plan: on a vendor bill", "ValidationError", r"customer invoices only")
def _(out):
    bill = invoice(move_type="in_invoice").with_user(billing)
    return lambda: bill.write({"reminder_enabled": True})


@case("plan: on a credit note", "ValidationError", r"customer invoices only")
def _(out):
    refund = invoice(move_type="out_refund").with_user(billing)
    return lambda: refund.write({"reminder_enabled": True})


@case("plan: on a cancelled invoice", "ValidationError", r"is cancelled")
def _(out):
    move = invoice()
    move.button_draft()
    move.button_cancel()
    return lambda: move.with_user(billing).write({"reminder_enabled": True})


@case("plan: enable and choose the template in one write (API, import)", None, "")
def _(out):
    firm = env.ref("kolecto_dunning.mail_template_reminder_firm")
    move = invoice().with_user(billing)
    out["kept"] = lambda: [
        (
            "plan saved with the company's count",
            move.reminder_max_count == company.reminder_max_count,
        )
    ]
    return lambda: move.write(
        {"reminder_enabled": True, "reminder_template_id": firm.id}
    )


# --- Mails tab drafts, as a billing user
def draft_case(name, expected, pattern, prepare):
    @case(name, expected, pattern)
    def _(out):
        move = invoice().with_user(billing)
        prepare(move)
        body = move.mail_draft_body
        out["kept"] = lambda: [
            ("draft kept", move.mail_draft_body == body and bool(body))
        ]
        return move.action_mail_draft_send

    return _


draft_case(
    "draft: no recipient",
    "UserError",
    r"at least one recipient",
    lambda move: move.write({"mail_draft_partner_ids": [Command.clear()]}),
)
draft_case(
    "draft: invalid address",
    "UserError",
    r"no valid email address",
    lambda move: move.partner_id.sudo().write({"email": "not-an-address"}),
)
draft_case(
    "draft: empty subject",
    "UserError",
    r"subject",
    lambda move: move.write({"mail_draft_subject": "  "}),
)


@case("draft: invoice not posted", "UserError", r"not posted")
def _(out):
    move = invoice(post=False).with_user(billing)
    move.write({"mail_draft_template_id": sending.id})
    return move.action_mail_draft_send


@case("draft: attachments over the limit", "ValidationError", r"photos\.zip")
def _(out):
    move = invoice().with_user(billing)
    big = attachment("photos.zip", int(6.1 * MB))
    out["kept"] = lambda: [("no attachment saved", not move.mail_draft_attachment_ids)]
    return lambda: move.write({"mail_draft_attachment_ids": [Command.set(big.ids)]})


# --- Settings > Invoicing, as the administrator
@case("settings: attachment limit 0", "ValidationError", r"at least 1 MB")
def _(out):
    return lambda: settings(attachment_max_size_mb=0)


@case("settings: reminder count 0", "ValidationError", r"at least one reminder")
def _(out):
    return lambda: settings(reminder_max_count=0)


@case(
    "settings: several reminders 0 days apart", "ValidationError", r"at least one day"
)
def _(out):
    return lambda: settings(reminder_max_count=3, reminder_interval=0)


@case(
    "settings: first reminder before the due date",
    "ValidationError",
    r"before the due date",
)
def _(out):
    return lambda: settings(reminder_first_delay=-5)


# --- At cron time: the customer lost its email address
@case("cron: customer without email -> failed row, note, activity, plan kept", None, "")
def _(out):
    lost = env["res.partner"].create(
        {"name": "Lost Email SAS", "email": "ap@lost.example"}
    )
    move = with_plan(partner=lost)
    move.write({"reminder_first_date": today - timedelta(days=1)})
    env.flush_all()
    # The address went missing after the plan was saved (a contact update).
    env.cr.execute(
        "UPDATE account_move SET reminder_email = NULL WHERE id = %s", [move.id]
    )
    lost.email = False
    move.invalidate_recordset()

    def kept():
        row = move.reminder_ids
        return [
            (
                f"one failed row ({len(row)} rows)",
                len(row) == 1 and row.state == "failed",
            ),
            ("its error says what to fix", "email address" in (row[:1].error or "")),
            ("an activity", bool(move.activity_ids)),
            (
                "a note in the chatter",
                "could not be sent" in (move.message_ids[:1].body or ""),
            ),
            ("plan kept", move.reminder_enabled),
            (
                "tried again tomorrow",
                move.reminder_next_date == today + timedelta(days=1),
            ),
        ]

    out["kept"] = kept

    def run_cron_twice():
        # Twice the same day (a manual run, a second server): one attempt.
        env["account.move"]._cron_send_due_reminders(auto_commit=False)
        env["account.move"]._cron_send_due_reminders(auto_commit=False)

    return run_cron_twice


results = []
for name, expected, pattern, function in CASES:
    out = {"name": name, "expected": expected, "pattern": pattern}
    try:
        with env.cr.savepoint():
            action = function(out)
            env.flush_all()
            before = mails()
            try:
                with env.cr.savepoint():
                    action()
                    env.flush_all()
                out["error"] = None
            except Exception as error:  # noqa: BLE001 - the outcome under test
                out["error"] = [type(error).__name__, str(error)]
            env.invalidate_all()
            out["new_mails"] = mails() - before
            out["kept"] = [
                [label, bool(ok)] for label, ok in out.get("kept", lambda: [])()
            ]
            raise Rollback
    except Rollback:
        out["rolled_back"] = True
    except Exception as error:  # noqa: BLE001 - a case that could not be set up
        out["setup_error"] = repr(error)
        out.pop("kept", None)
    results.append(out)
env.cr.rollback()
sys.stdout.write("KD_E2E_RESULT " + json.dumps(results, default=str) + "\n")
