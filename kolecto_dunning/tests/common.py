import base64
from datetime import date

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class KolectoDunningCommon(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Emails stay in Odoo's queue, where the tests read them.
        cls.env = cls.env(context=dict(cls.env.context, mail_notify_force_send=False))
        cls.company = cls.company_data["company"]
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Thames Design Ltd",
                "email": "accounts@thames.example",
                "lang": "en_US",
            }
        )
        cls.template_sending = cls.env.ref("account.email_template_edi_invoice")
        cls.template_courteous = cls.env.ref(
            "kolecto_dunning.mail_template_reminder_courteous"
        )
        cls.template_firm = cls.env.ref("kolecto_dunning.mail_template_reminder_firm")
        cls.template_notice = cls.env.ref(
            "kolecto_dunning.mail_template_reminder_formal_notice"
        )
        cls.billing_user = new_test_user(
            cls.env,
            login="kd_billing",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            email="billing@example.com",
        )
        cls.manager_user = new_test_user(
            cls.env,
            login="kd_manager",
            groups="account.group_account_manager,mail.group_mail_template_editor",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            email="manager@example.com",
        )

    @classmethod
    def _set_company_plan(cls, template):
        """First reminder 5 days after the due date, then every 10 days, 3 in all."""
        cls.company.write(
            {
                "reminder_first_delay": 5,
                "reminder_interval": 10,
                "reminder_max_count": 3,
                "reminder_template_id": template.id,
            }
        )

    @classmethod
    def _create_invoice(
        cls,
        invoice_date=date(2026, 1, 1),
        due_date=date(2026, 1, 31),
        amount=1200.0,
        partner=None,
        post=True,
        **values,
    ):
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": (partner or cls.customer).id,
                "invoice_date": invoice_date,
                "invoice_date_due": due_date,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Consulting", "price_unit": amount, "tax_ids": []}
                    )
                ],
                **values,
            }
        )
        if post:
            move.action_post()
        return move

    @classmethod
    def _create_attachment(cls, name, size, **values):
        return cls.env["ir.attachment"].create(
            {
                "name": name,
                "datas": base64.b64encode(b"x" * size),
                "mimetype": "application/pdf",
                **values,
            }
        )

    def _mails_of(self, move):
        return self.env["mail.mail"].search(
            [("model", "=", "account.move"), ("res_id", "in", move.ids)]
        )
