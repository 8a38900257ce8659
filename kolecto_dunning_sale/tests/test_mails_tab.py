from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import KolectoDunningSaleCommon


@tagged("post_install", "-at_install")
class TestQuoteMailsTab(KolectoDunningSaleCommon):
    def test_quote_proposes_default_quote_template(self):
        order = self.sale_order
        self.assertEqual(order.mail_proposed_template_id, self.template_quote)
        order.action_mail_draft_reset()
        self.assertEqual(order.mail_draft_template_id, self.template_quote)
        self.assertEqual(order.mail_draft_partner_ids, self.partner)
        self.assertIn(order.name, order.mail_draft_subject)
        self.assertIn("ready for review", str(order.mail_draft_body))

    def test_salesman_sends_edited_draft(self):
        self._attach_to_quote_template("terms.pdf", 1000)
        self.sale_order.user_id = self.sale_user
        order = self.sale_order.with_user(self.sale_user).with_context(
            force_report_rendering=True
        )
        order.action_mail_draft_reset()
        brochure = self._create_attachment("brochure.pdf", 1000, user=self.sale_user)
        with Form(order) as order_form:
            order_form.mail_draft_body = "<p>Hello Ann, the quote we discussed.</p>"
            order_form.mail_draft_attachment_ids.add(brochure)
        order.action_mail_draft_send()

        mail = self._mails_of(order)
        self.assertEqual(len(mail), 1)
        self.assertIn("the quote we discussed", mail.body_html)
        self.assertEqual(mail.recipient_ids, self.partner)
        message = mail.mail_message_id
        self.assertEqual(message.author_id, self.sale_user.partner_id)
        self.assertEqual(
            sorted(message.attachment_ids.mapped("name")),
            sorted(["brochure.pdf", "terms.pdf", f"Quotation - {order.name}.pdf"]),
        )
        self.assertEqual(order.state, "sent")
        self.assertIn(message, order.mail_history_ids)
        # The draft is prepared afresh for the next email.
        self.assertFalse(order.mail_draft_attachment_ids)
        self.assertNotIn("we discussed", str(order.mail_draft_body))

    def test_free_message_attaches_quote_pdf(self):
        order = self.sale_order.with_context(force_report_rendering=True)
        order.write(
            {
                "mail_draft_template_id": False,
                "mail_draft_partner_ids": [Command.set(order.partner_id.ids)],
                "mail_draft_subject": "Your quotation",
                "mail_draft_body": "<p>Handwritten</p>",
            }
        )
        order.action_mail_draft_send()
        mail = self._mails_of(order)
        self.assertEqual(mail.subject, "Your quotation")
        self.assertEqual(
            mail.mail_message_id.attachment_ids.mapped("name"),
            [f"Quotation - {order.name}.pdf"],
        )
        self.assertEqual(order.state, "sent")

    def test_confirmed_order_refused(self):
        order = self.sale_order
        order.action_mail_draft_reset()
        order.action_confirm()
        with self.assertRaisesRegex(UserError, "no longer a quotation"):
            order.action_mail_draft_send()
        self.assertFalse(self._mails_of(order))
