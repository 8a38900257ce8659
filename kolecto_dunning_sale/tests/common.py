import base64

from odoo.addons.sale.tests.common import SaleCommon


class KolectoDunningSaleCommon(SaleCommon):
    @classmethod
    def default_env_context(cls):
        # Emails stay in Odoo's queue, where the tests read them.
        return {**super().default_env_context(), "mail_notify_force_send": False}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner.write({"email": "buyer@thames.example", "lang": "en_US"})
        cls.template_quote = cls.env.ref("sale.email_template_edi_sale")

    @classmethod
    def _create_attachment(cls, name, size, user=None, **values):
        return (
            cls.env["ir.attachment"]
            .with_user(user or cls.env.user)
            .create(
                {
                    "name": name,
                    "datas": base64.b64encode(b"x" * size),
                    "mimetype": "application/pdf",
                    **values,
                }
            )
        )

    @classmethod
    def _attach_to_quote_template(cls, name, size):
        """A file on the quote template, as its form's upload stores it."""
        cls.template_quote.attachment_ids = cls._create_attachment(
            name, size, res_model="mail.template", res_id=cls.template_quote.id
        )

    def _open_send_composer(self, order, real_pdf=False):
        """The composer of Odoo's Send by Email button, as the client opens it.
        With `real_pdf`, the reports are PDFs, not the HTML tests get."""
        action = order.action_quotation_send()
        return (
            self.env[action["res_model"]]
            .with_context(**action["context"], force_report_rendering=real_pdf)
            .create({})
        )

    def _mails_of(self, order):
        return self.env["mail.mail"].search(
            [("model", "=", "sale.order"), ("res_id", "in", order.ids)]
        )
