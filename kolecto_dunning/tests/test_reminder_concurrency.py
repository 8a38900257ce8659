from datetime import timedelta

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestReminderConcurrency(TransactionCase):
    """Two cron workers on the same due invoices, each with its own cursor
    and committed transactions, as two Odoo servers running the cron at once
    would; interleaved in one thread so that the test is deterministic."""

    INVOICES = 12

    def setUp(self):
        super().setUp()
        today = fields.Date.today()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env["res.partner"].create(
                {"name": "Concurrent customer", "email": "concurrent@example.com"}
            )
            moves = env["account.move"].create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": partner.id,
                        "invoice_date": today - timedelta(days=40),
                        "invoice_date_due": today - timedelta(days=10),
                        "reminder_enabled": True,
                        "invoice_line_ids": [
                            Command.create(
                                {"name": "Service", "price_unit": 100, "tax_ids": []}
                            )
                        ],
                    }
                    for _ in range(self.INVOICES)
                ]
            )
            moves.action_post()
            self.move_ids, self.partner_id = moves.ids, partner.id
        self.addCleanup(self._remove_committed_data)

    def _remove_committed_data(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            moves = env["account.move"].browse(self.move_ids)
            env["mail.mail"].search(
                [("model", "=", "account.move"), ("res_id", "in", self.move_ids)]
            ).unlink()
            moves.button_draft()
            moves.with_context(force_delete=True).unlink()
            env["res.partner"].browse(self.partner_id).unlink()

    @mute_logger("odoo.sql_db")  # the concurrent updates that A retries
    def test_two_workers_send_each_reminder_once(self):
        today = fields.Date.today()
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            context = {"mail_notify_force_send": False}
            env_a = api.Environment(cr_a, SUPERUSER_ID, context)
            env_b = api.Environment(cr_b, SUPERUSER_ID, context)
            # Worker A takes a first batch and holds it, uncommitted...
            batch_a = env_a["account.move"]._lock_due_reminder_moves(today, 5)
            # ...while worker B runs the whole cron, committing per batch.
            sent_b = env_b["account.move"]._cron_send_due_reminders(batch_size=3)
            # A sends its batch (B's commits may make A retry some of it).
            to_retry = batch_a._send_automatic_reminders(today)
            cr_a.commit()
            sent_a = len(batch_a) - len(to_retry)
            sent_a += env_a["account.move"]._cron_send_due_reminders(batch_size=3)
            # Both run again the same day: nothing left to send.
            cr_b.commit()
            again = env_a["account.move"]._cron_send_due_reminders()
            again += env_b["account.move"]._cron_send_due_reminders()

        with self.registry.cursor() as cr:
            cr.execute(
                """SELECT move_id, count(*), min(state), count(mail_message_id)
                     FROM account_move_reminder
                    WHERE move_id = ANY(%s)
                 GROUP BY move_id""",
                [self.move_ids],
            )
            rows = cr.fetchall()
            cr.execute(
                """SELECT count(*)
                     FROM mail_mail
                     JOIN mail_message ON mail_message.id = mail_mail.mail_message_id
                    WHERE mail_message.model = 'account.move'
                      AND mail_message.res_id = ANY(%s)""",
                [self.move_ids],
            )
            mails = cr.fetchone()[0]
        self.assertEqual(len(rows), self.INVOICES, "every due invoice reminded")
        self.assertEqual({row[1:] for row in rows}, {(1, "sent", 1)}, "each one once")
        self.assertEqual(mails, self.INVOICES)
        self.assertEqual(len(batch_a), 5)
        self.assertEqual(sent_b, self.INVOICES - 5, "B skipped what A held")
        self.assertEqual(sent_a + sent_b, self.INVOICES)
        self.assertEqual(again, 0)
