from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import KolectoDunningCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02")
class TestLatePenalties(KolectoDunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "late_penalties_in_reminders": True,
                "late_interest_rate": 13.15,
                "late_indemnity_amount": 40.0,
            }
        )

    def test_amounts_for_a_late_business_invoice(self):
        # Due 2026-01-31, 30 days late on 2026-03-02.
        move = self._create_invoice(amount=1200.0)
        self.assertEqual(move.currency_id, self.company.currency_id)
        self.assertEqual(move.invoice_days_late, 30)
        self.assertTrue(move.late_penalties_applicable)
        self.assertEqual(move.late_interest_amount, 12.97)
        self.assertEqual(move.recovery_indemnity_amount, 40.0)

    def test_reminder_states_the_amounts(self):
        move = self._create_invoice(amount=1200.0)
        move.mail_draft_template_id = self.template_notice
        self.assertIn("L441-10", str(move.mail_draft_body))
        self.assertIn("12.97", str(move.mail_draft_body))
        self.assertIn("40.00", str(move.mail_draft_body))

    def test_consumer_owes_no_penalties(self):
        self.customer.is_consumer = True
        move = self._create_invoice(amount=1200.0)
        self.assertFalse(move.late_penalties_applicable)
        self.assertEqual(move.late_interest_amount, 0.0)
        move.mail_draft_template_id = self.template_notice
        self.assertNotIn("L441-10", str(move.mail_draft_body))

    def test_penalties_off_in_settings(self):
        self.company.late_penalties_in_reminders = False
        move = self._create_invoice(amount=1200.0)
        self.assertFalse(move.late_penalties_applicable)

    def test_amounts_in_the_invoice_currency(self):
        self.assertEqual(self.company.currency_id.name, "USD")
        other = self.setup_other_currency("EUR", rates=[("2026-01-01", 2.0)])
        move = self._create_invoice(amount=1200.0, currency_id=other.id)
        self.assertEqual(move.currency_id, other)
        self.assertEqual(move.late_interest_amount, 12.97)
        self.assertEqual(move.recovery_indemnity_amount, 80.0)

    def test_not_late_no_penalties(self):
        move = self._create_invoice(due_date=date(2026, 3, 10))
        self.assertFalse(move.late_penalties_applicable)
