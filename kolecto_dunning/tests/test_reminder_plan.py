from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import KolectoDunningCommon


@tagged("post_install", "-at_install")
class TestReminderPlan(KolectoDunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_company_plan(cls.template_firm)

    def test_company_plan_applies_to_new_customer_invoices_only(self):
        old = self._create_invoice(post=False)
        self.company.reminder_auto_enable = True
        invoice = self._create_invoice(post=False)
        refund = self._create_invoice(post=False, move_type="out_refund")
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.customer.id,
                "invoice_date": date(2026, 1, 1),
                "invoice_line_ids": [Command.create({"name": "x", "price_unit": 10})],
            }
        )
        self.assertTrue(invoice.reminder_enabled)
        self.assertFalse(refund.reminder_enabled)
        self.assertFalse(bill.reminder_enabled)
        self.assertFalse(old.reminder_enabled, "existing invoices are not touched")
        self.assertEqual(invoice.reminder_first_date, date(2026, 2, 5))
        self.assertEqual(invoice.reminder_interval, 10)
        self.assertEqual(invoice.reminder_max_count, 3)
        self.assertEqual(invoice.reminder_template_id, self.template_firm)
        self.assertEqual(invoice.reminder_email, "accounts@thames.example")

    def test_settings_button_applies_plan_to_open_invoices(self):
        open_invoice = self._create_invoice()
        settings = self.env["res.config.settings"].create(
            {"reminder_auto_enable": True}
        )
        settings.action_apply_reminder_plan()
        self.assertTrue(open_invoice.reminder_enabled)
        self.assertEqual(open_invoice.reminder_next_date, date(2026, 2, 5))

    def test_recipient_rule_invoice_address(self):
        self.env["res.partner"].create(
            {
                "name": "Accounts payable",
                "type": "invoice",
                "parent_id": self.customer.id,
                "email": "ap@thames.example",
            }
        )
        self.company.reminder_recipient = "invoice_address"
        move = self._create_invoice(reminder_enabled=True)
        self.assertEqual(move.reminder_email, "ap@thames.example")

    def test_first_date_follows_due_date_until_set_by_hand(self):
        move = self._create_invoice(post=False, reminder_enabled=True)
        move.invoice_date_due = date(2026, 2, 28)
        self.assertEqual(move.reminder_first_date, date(2026, 3, 5))
        move.reminder_first_date = date(2026, 3, 20)
        move.invoice_date_due = date(2026, 3, 10)
        self.assertEqual(move.reminder_first_date, date(2026, 3, 20))

    def test_coming_dates_are_shown(self):
        move = self._create_invoice(reminder_enabled=True)
        self.assertEqual(
            move.reminder_coming_dates, "next: 02/05/2026, then 02/15/2026, 02/25/2026"
        )

    def test_plan_set_in_form(self):
        move = self._create_invoice()
        with Form(move) as move_form:
            move_form.reminder_enabled = True
            move_form.reminder_max_count = 2
        self.assertEqual(move.reminder_next_date, date(2026, 2, 5))
        self.assertEqual(move.reminder_template_id, self.template_firm)

    def test_bad_plans_refused(self):
        move = self._create_invoice()
        bad_values = {
            "interval": {"reminder_enabled": True, "reminder_interval": 0},
            "count": {"reminder_enabled": True, "reminder_max_count": 0},
            "before invoice date": {
                "reminder_enabled": True,
                "reminder_first_date": date(2025, 12, 1),
            },
            "not a reminder template": {
                "reminder_enabled": True,
                "reminder_template_id": self.template_sending.id,
            },
            "invalid address": {"reminder_enabled": True, "reminder_email": "nope"},
            "header injection": {
                "reminder_enabled": True,
                "reminder_email": "a@example.com\nBcc: all@example.com",
            },
        }
        for label, values in bad_values.items():
            with self.subTest(label), self.assertRaises(ValidationError):
                move.write(values)
            self.assertFalse(move.reminder_enabled, "nothing saved half")

    def test_missing_recipient_refused_when_enabled_by_hand(self):
        self.customer.email = False
        move = self._create_invoice()
        with self.assertRaisesRegex(ValidationError, "email address reminders"):
            move.reminder_enabled = True

    def test_plan_refused_on_other_documents(self):
        refund = self._create_invoice(move_type="out_refund")
        cancelled = self._create_invoice()
        cancelled.button_draft()
        cancelled.button_cancel()
        for move in refund | cancelled:
            with self.subTest(move.move_type), self.assertRaises(ValidationError):
                move.reminder_enabled = True

    def test_enable_with_template_in_one_write_gets_other_defaults(self):
        move = self._create_invoice()
        move.write(
            {"reminder_enabled": True, "reminder_template_id": self.template_notice.id}
        )
        self.assertEqual(move.reminder_template_id, self.template_notice)
        self.assertEqual((move.reminder_interval, move.reminder_max_count), (10, 3))

    def test_archived_template_refused_in_plan(self):
        move = self._create_invoice(reminder_enabled=True)
        self.template_notice.active = False
        with self.assertRaisesRegex(ValidationError, "archived"):
            move.reminder_template_id = self.template_notice

    def test_portal_customer_cannot_read_the_plan(self):
        move = self._create_invoice(reminder_enabled=True)
        portal = self.env["res.users"].create(
            {
                "name": "Customer portal",
                "login": "kd_portal_customer",
                "partner_id": self.customer.id,
                "groups_id": [Command.set([self.env.ref("base.group_portal").id])],
            }
        )
        move_as_portal = move.with_user(portal)
        self.assertEqual(move_as_portal.read(["name"])[0]["name"], move.name)
        for fname in ("reminder_email", "reminder_next_date", "mail_draft_body"):
            with self.subTest(fname), self.assertRaises(AccessError):
                move_as_portal.read([fname])
