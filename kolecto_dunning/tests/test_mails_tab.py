from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import KolectoDunningCommon

MB = 1024 * 1024


@tagged("post_install", "-at_install")
@freeze_time("2026-01-15")
class TestMailsTab(KolectoDunningCommon):
    def test_posted_invoice_has_rendered_draft(self):
        move = self._create_invoice()
        self.assertEqual(move.mail_draft_template_id, self.template_sending)
        self.assertEqual(move.mail_draft_partner_ids, self.customer)
        self.assertIn(move.name, move.mail_draft_subject)
        self.assertIn("Thames Design Ltd", str(move.mail_draft_body))

    def test_to_send_filter(self):
        sent, unsent = self._create_invoice(), self._create_invoice()
        sent.action_mail_draft_send()
        action = self.env.ref("kolecto_dunning.account_move_action_to_send")
        self.assertIn("search_default_to_send", action.context)
        to_send = self.env["account.move"].search(
            [
                ("state", "=", "posted"),
                ("is_move_sent", "=", False),
                ("id", "in", (sent | unsent).ids),
            ]
        )
        self.assertEqual(to_send, unsent)

    def test_send_edited_draft_with_extra_attachment(self):
        move = self._create_invoice()
        terms = self._create_attachment("terms.pdf", 1000)
        with Form(move) as move_form:
            move_form.mail_draft_body = (
                "<p>Hello Ann, here is the invoice we discussed.</p>"
            )
            move_form.mail_draft_attachment_ids.add(terms)
        move.action_mail_draft_send()

        mail = self._mails_of(move)
        self.assertEqual(len(mail), 1)
        self.assertIn("here is the invoice we discussed", mail.body_html)
        self.assertEqual(mail.recipient_ids, self.customer)
        message = mail.mail_message_id
        self.assertEqual(
            sorted(message.attachment_ids.mapped("name")),
            sorted(["terms.pdf", move._get_invoice_report_filename()]),
        )
        self.assertTrue(move.is_move_sent)
        self.assertTrue(move.mail_last_sent_at)
        self.assertIn(message, move.mail_history_ids)
        self.assertEqual(message.kolecto_email_kind, "sending")
        # The draft is cleared: the next proposal is rendered afresh.
        self.assertFalse(move.mail_draft_attachment_ids)
        self.assertNotIn("we discussed", str(move.mail_draft_body))

    def test_odoo_send_button_is_in_history(self):
        move = self._create_invoice()
        self.customer.invoice_sending_method = "email"
        wizard = (
            self.env["account.move.send.wizard"]
            .with_context(active_model="account.move", active_ids=move.ids)
            .create({})
        )
        wizard.action_send_and_print()
        message = move.mail_history_ids
        self.assertEqual(len(message), 1)
        self.assertEqual(message.kolecto_email_kind, "sending")
        self.assertEqual(message.kolecto_template_id, self.template_sending)
        self.assertTrue(move.mail_last_sent_at)

    def test_free_message(self):
        move = self._create_invoice()
        move.mail_draft_template_id = False
        self.assertFalse(move.mail_draft_body)
        move.write(
            {
                "mail_draft_subject": "A word about your invoice",
                "mail_draft_body": "<p>Handwritten</p>",
            }
        )
        move.action_mail_draft_send()
        mail = self._mails_of(move)
        self.assertEqual(mail.subject, "A word about your invoice")
        self.assertIn("Handwritten", mail.body_html)

    def test_manual_reminder_counts_as_reminder(self):
        move = self._create_invoice(due_date=date(2026, 1, 31))
        with freeze_time("2026-02-20"):
            move.action_mail_draft_reset()
            self.assertEqual(move.mail_draft_template_id, self.template_firm)
            move.action_mail_draft_send()
        self.assertEqual(move.reminder_count, 1)
        reminder = move.reminder_ids
        self.assertEqual((reminder.origin, reminder.state), ("manual", "sent"))
        self.assertEqual(reminder.mail_message_id.kolecto_email_kind, "reminder_manual")
        self.assertEqual(
            reminder.mail_message_id.kolecto_template_id, self.template_firm
        )

    def test_send_refused_without_recipient(self):
        move = self._create_invoice()
        move.mail_draft_partner_ids = False
        with self.assertRaisesRegex(UserError, "at least one recipient"):
            move.action_mail_draft_send()
        self.assertFalse(self._mails_of(move))
        self.assertTrue(move.mail_draft_body, "the draft is kept")

    def test_send_refused_invalid_address(self):
        move = self._create_invoice()
        self.customer.email = "not-an-address"
        with self.assertRaisesRegex(UserError, "no valid email address"):
            move.action_mail_draft_send()

    def test_send_refused_empty_subject(self):
        move = self._create_invoice()
        move.mail_draft_subject = " "
        with self.assertRaisesRegex(UserError, "subject"):
            move.action_mail_draft_send()

    def test_attachments_over_limit_refused_when_saved(self):
        move = self._create_invoice()
        big = self._create_attachment("photos.zip", int(6.1 * MB))
        with self.assertRaisesRegex(ValidationError, "photos.zip"):
            move.mail_draft_attachment_ids = big

    def test_send_refused_on_draft_and_cancelled_invoice(self):
        draft = self._create_invoice(post=False)
        with self.assertRaisesRegex(UserError, "not posted"):
            draft.action_mail_draft_send()
        cancelled = self._create_invoice()
        cancelled.button_draft()
        cancelled.button_cancel()
        with self.assertRaisesRegex(UserError, "not posted"):
            cancelled.action_mail_draft_send()
        self.assertFalse(self._mails_of(draft | cancelled))

    def test_customer_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["account", "kolecto_dunning"], ["fr_FR"], overwrite=True
        )
        french = self.customer.copy({"name": "Boulangerie Martin", "lang": "fr_FR"})
        english_move = self._create_invoice()
        french_move = self._create_invoice(partner=french)
        self.assertIn("Dear", str(english_move.mail_draft_body))
        self.assertIn("Bonjour", str(french_move.mail_draft_body))
