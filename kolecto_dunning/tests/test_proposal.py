from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import Form, tagged

from .common import KolectoDunningCommon


@tagged("post_install", "-at_install")
class TestProposedTemplate(KolectoDunningCommon):
    def test_not_overdue_proposes_default_sending(self):
        with freeze_time("2026-01-20"):
            move = self._create_invoice(due_date=date(2026, 1, 31))
            self.assertEqual(move._get_proposed_mail_template(), self.template_sending)
            self.assertEqual(move.mail_draft_template_id, self.template_sending)

    def test_overdue_proposes_reminder_by_days_late(self):
        move = self._create_invoice(due_date=date(2026, 1, 31))
        expected = {
            3: self.template_courteous,  # every delay is larger: the smallest one
            10: self.template_courteous,
            20: self.template_firm,
            40: self.template_notice,
        }
        for days_late, template in expected.items():
            with (
                self.subTest(days_late=days_late),
                freeze_time(date(2026, 1, 31) + timedelta(days=days_late)),
            ):
                move.invalidate_recordset(["invoice_days_late"])
                self.assertEqual(move.invoice_days_late, days_late)
                self.assertEqual(move._get_proposed_mail_template(), template)

    def test_overdue_without_reminder_templates_proposes_sending(self):
        (
            self.template_courteous | self.template_firm | self.template_notice
        ).active = False
        with freeze_time("2026-03-01"):
            move = self._create_invoice(due_date=date(2026, 1, 31))
            self.assertEqual(move._get_proposed_mail_template(), self.template_sending)

    def test_paid_invoice_proposes_sending(self):
        with freeze_time("2026-03-01"):
            move = self._create_invoice(due_date=date(2026, 1, 31))
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=move.ids
            ).create({})._create_payments()
            self.assertEqual(move._get_proposed_mail_template(), self.template_sending)

    def test_send_wizard_proposes_default_sending_template(self):
        move = self._create_invoice()
        custom = self.template_sending.copy(
            {"name": "Our invoice email", "is_default": True}
        )
        wizard = Form(
            self.env["account.move.send.wizard"].with_context(
                active_model="account.move", active_ids=move.ids
            )
        )
        self.assertEqual(wizard.mail_template_id, custom)
