from odoo import _, models


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _action_send_mail(self, auto_commit=False):
        """Override of `mail` to hold quotation emails to the company's
        attachments limit, as the invoice emails are."""
        self._check_quote_attachments_size()
        return super()._action_send_mail(auto_commit=auto_commit)

    def action_schedule_message(self, scheduled_date=False):
        """Override of `mail`: a scheduled quotation email obeys the limit too."""
        self._check_quote_attachments_size()
        return super().action_schedule_message(scheduled_date=scheduled_date)

    def _check_quote_attachments_size(self):
        """Refuse a quotation email whose attachments (the quote PDF, the
        template's files and those added in the composer) exceed the limit
        of the quotation's company."""
        quote_model = self.env["mail.template"]._get_document_type_models()["quote"]
        for composer in self.filtered(lambda c: c.model == quote_model):
            orders = self.env[quote_model].browse(composer._evaluate_res_ids())
            owner = (
                _("Email of %s", orders.display_name)
                if len(orders) == 1
                else _("Quotation email")
            )
            for company in orders.company_id or self.env.company:
                company._check_attachments_size(composer.attachment_ids, owner)
