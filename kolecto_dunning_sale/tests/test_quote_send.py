from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import KolectoDunningSaleCommon

MB = 1024 * 1024


@tagged("post_install", "-at_install")
class TestQuoteSend(KolectoDunningSaleCommon):
    def test_send_button_proposes_default_quote_template(self):
        composer = self._open_send_composer(self.sale_order)
        self.assertEqual(composer.template_id, self.template_quote)
        custom = self.template_quote.copy(
            {"name": "Our quotation email", "is_default": True}
        )
        composer = self._open_send_composer(self.sale_order)
        self.assertEqual(composer.template_id, custom)

    def test_confirmed_order_keeps_odoo_confirmation_email(self):
        self.template_quote.copy({"name": "Our quotation email", "is_default": True})
        self.sale_order.action_confirm()
        composer = self._open_send_composer(self.sale_order)
        self.assertEqual(
            composer.template_id, self.sale_order._get_confirmation_template()
        )

    def test_sent_quote_has_pdf_and_template_attachment(self):
        self._attach_to_quote_template("terms.pdf", 1000)
        composer = self._open_send_composer(self.sale_order, real_pdf=True)
        composer.action_send_mail()

        mail = self._mails_of(self.sale_order)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.partner)
        self.assertEqual(
            sorted(mail.mail_message_id.attachment_ids.mapped("name")),
            sorted(["terms.pdf", f"Quotation - {self.sale_order.name}.pdf"]),
        )
        self.assertEqual(self.sale_order.state, "sent")

    def test_composer_attachments_over_limit_refused(self):
        composer = self._open_send_composer(self.sale_order)
        big = self._create_attachment("photos.zip", int(6.1 * MB))
        composer.attachment_ids |= big
        with self.assertRaisesRegex(ValidationError, "photos.zip"):
            composer.action_send_mail()
        self.assertFalse(self._mails_of(self.sale_order))
        self.assertEqual(self.sale_order.state, "draft")

    def test_composer_attachments_within_company_limit_sent(self):
        self.company.attachment_max_size_mb = 8
        composer = self._open_send_composer(self.sale_order)
        composer.attachment_ids |= self._create_attachment("photos.zip", 7 * MB)
        composer.action_send_mail()
        self.assertEqual(len(self._mails_of(self.sale_order)), 1)

    def test_french_customer_gets_french_quote_email(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["sale", "kolecto_dunning_sale"], ["fr_FR"], overwrite=True
        )
        self.partner.lang = "fr_FR"
        composer = self._open_send_composer(self.sale_order)
        self.assertIn("Bonjour", str(composer.body))
        self.assertIn("Devis", composer.subject)
        english = self.sale_order.copy({"partner_id": self.partner.copy().id})
        english.partner_id.lang = "en_US"
        self.assertIn("Hello", str(self._open_send_composer(english).body))
        labels = dict(
            self.env["mail.template"]
            .with_context(lang="fr_FR")
            ._fields["document_type"]
            ._description_selection(self.env(context={"lang": "fr_FR"}))
        )
        self.assertEqual(labels["quote"], "Devis")
