from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import KolectoDunningCommon


@tagged("post_install", "-at_install")
class TestReminderCron(KolectoDunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_company_plan(cls.template_courteous)
        # Due 2026-01-31: reminders on 02-05, 02-15 and 02-25.
        cls.move = cls._create_invoice(reminder_enabled=True)

    def _run_cron(self, day):
        with freeze_time(day):
            self.env["account.move"]._cron_send_due_reminders(auto_commit=False)
            self.env.invalidate_all()

    def _pay(self, move, amount=None, day="2026-02-10"):
        with freeze_time(day):
            values = {"amount": amount} if amount else {}
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=move.ids
            ).create(values)._create_payments()

    def test_cron_sends_whole_plan_on_the_right_days(self):
        sent_days = []
        day = date(2026, 2, 1)
        while day <= date(2026, 3, 31):
            before = self.move.reminder_count
            self._run_cron(day)
            if self.move.reminder_count > before:
                sent_days.append(day)
            day += timedelta(days=1)
        self.assertEqual(
            sent_days, [date(2026, 2, 5), date(2026, 2, 15), date(2026, 2, 25)]
        )
        self.assertEqual(self.move.reminder_ids.mapped("sequence"), [1, 2, 3])
        self.assertEqual(set(self.move.reminder_ids.mapped("origin")), {"automatic"})
        self.assertFalse(self.move.reminder_next_date)
        mails = self._mails_of(self.move)
        self.assertEqual(len(mails), 3)
        self.assertEqual(mails.recipient_ids, self.customer)
        self.assertEqual(
            set(mails.mapped("state")), {"outgoing"}, "queued, not sent inline"
        )

    def test_cron_message_is_a_customer_email_with_pdf(self):
        self._run_cron("2026-02-05")
        reminder = self.move.reminder_ids
        message = reminder.mail_message_id
        self.assertEqual(message.message_type, "comment")
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertIn(
            self.move._get_invoice_report_filename(),
            message.attachment_ids.mapped("name"),
        )
        self.assertIn("we have not yet received payment", message.body)
        self.assertEqual(
            message.subject, f"Reminder: invoice {self.move.name} is overdue"
        )

    def test_cron_uses_only_the_plan_template(self):
        self.move.reminder_template_id = self.template_notice
        self._run_cron("2026-02-05")
        self.assertEqual(self.move.reminder_ids.template_id, self.template_notice)
        self.assertIn("formally request", self._mails_of(self.move).body_html)

    def test_cron_twice_same_day_sends_nothing_more(self):
        self._run_cron("2026-02-05")
        self._run_cron("2026-02-05")
        self.assertEqual(self.move.reminder_count, 1)
        self.assertEqual(len(self._mails_of(self.move)), 1)

    def test_cron_skips_paid_invoice(self):
        self._pay(self.move)
        self._run_cron("2026-02-05")
        self.assertFalse(self.move.reminder_ids)
        self.assertFalse(self.move.reminder_next_date)

    def test_cron_partial_then_full_payment(self):
        self._pay(self.move, amount=200)
        self._run_cron("2026-02-05")
        self.assertEqual(self.move.reminder_count, 1, "partially paid: still reminded")
        self._pay(self.move, day="2026-02-12")
        self._run_cron("2026-02-15")
        self.assertEqual(self.move.reminder_count, 1)

    def test_cron_skips_in_payment_invoice(self):
        self.move.payment_state = "in_payment"
        self._run_cron("2026-02-05")
        self.assertFalse(self.move.reminder_ids)

    def test_cron_skips_cancelled_and_reversed_invoices(self):
        cancelled = self._create_invoice(reminder_enabled=True)
        cancelled.button_draft()
        cancelled.button_cancel()
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=self.move.ids)
            .create({"journal_id": self.move.journal_id.id, "reason": "error"})
        )
        reversal.refund_moves()
        reversal.new_move_ids.action_post()
        self._run_cron("2026-02-05")
        self.assertFalse((cancelled | self.move).reminder_ids)

    def test_cron_skips_paused_then_resumes(self):
        self.move.reminder_paused_until = date(2026, 2, 20)
        self._run_cron("2026-02-05")
        self.assertFalse(self.move.reminder_ids)
        self._run_cron("2026-02-20")
        self.assertEqual(self.move.reminder_count, 1)

    def test_cron_skips_excluded_customer(self):
        self.customer.with_company(self.company).reminder_excluded = True
        self._run_cron("2026-02-05")
        self.assertFalse(self.move.reminder_ids)

    def test_catch_up_after_missed_days_sends_one(self):
        self._run_cron("2026-02-05")
        # Server down from 02-14 to 02-20: one catch-up, then the plan resumes
        # from the day it was actually sent.
        self._run_cron("2026-02-20")
        self.assertEqual(self.move.reminder_count, 2)
        self.assertEqual(self.move.reminder_next_date, date(2026, 3, 2))

    def test_catch_up_of_first_reminder_sends_one(self):
        self._run_cron("2026-03-31")
        self.assertEqual(self.move.reminder_count, 1)
        self.assertEqual(self.move.reminder_next_date, date(2026, 4, 10))

    def test_manual_reminder_delays_automatic_one(self):
        with freeze_time("2026-02-03"):
            self.move.action_mail_draft_reset()
            self.move.action_mail_draft_send()
        self.assertEqual(self.move.reminder_count, 1)
        self.assertEqual(self.move.reminder_next_date, date(2026, 2, 13))
        self._run_cron("2026-02-05")
        self.assertEqual(self.move.reminder_count, 1)

    def test_failing_invoice_does_not_block_the_batch(self):
        broken = self._create_invoice(reminder_enabled=True)
        # An address that became invalid after the plan was saved.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE account_move SET reminder_email = 'broken' WHERE id = %s",
            [broken.id],
        )
        broken.invalidate_recordset(["reminder_email"])
        self._run_cron("2026-02-05")
        self.assertEqual(self.move.reminder_count, 1)
        failed = broken.reminder_ids
        self.assertEqual(failed.state, "failed")
        self.assertIn("broken", failed.error)
        self.assertTrue(broken.reminder_enabled, "the plan is kept")
        self.assertTrue(broken.activity_ids)
        self.assertIn("could not be sent", broken.message_ids[:1].body)
        self.assertFalse(self._mails_of(broken))
        # Retried the next day, not in a loop the same day.
        self.assertEqual(broken.reminder_next_date, date(2026, 2, 6))
        self._run_cron("2026-02-05")
        self.assertEqual(len(broken.reminder_ids), 1)

    def test_failed_late_reminder_retried_the_next_day_only(self):
        self.customer.email = False
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE account_move SET reminder_email = NULL WHERE id = %s",
            [self.move.id],
        )
        self.move.invalidate_recordset(["reminder_email"])
        self._run_cron("2026-02-20")  # the first reminder was due on 02-05
        self._run_cron("2026-02-20")
        self.assertEqual(len(self.move.reminder_ids), 1, "one attempt a day")
        self.assertEqual(self.move.reminder_next_date, date(2026, 2, 21))

    def test_due_scan_uses_index(self):
        query = self.env["account.move"]._search(
            self.env["account.move"]._get_due_reminder_domain(date(2026, 2, 5))
        )
        self.assertIn("reminder_next_date", str(query.where_clause))
