from odoo import api, models


class AccountMoveSend(models.AbstractModel):
    _inherit = "account.move.send"

    @api.model
    def _get_default_mail_template_id(self, move):
        """Override of `account` to propose the default Invoice / Sending
        template of Invoicing > Configuration > E-mails."""
        if move.move_type == "out_invoice":
            template = self.env["mail.template"]._get_default_template(
                "invoice", "sending"
            )
            if template:
                return template
        return super()._get_default_mail_template_id(move)

    @api.model
    def _send_mail(self, move, mail_template, **kwargs):
        """Override of `account` to keep on the message the template it was
        written from, whoever sends the invoice (Odoo's Send button, the
        Mails tab, the reminder cron), for the Mails tab's history."""
        kwargs.setdefault("kolecto_template_id", mail_template.id)
        return super()._send_mail(move, mail_template, **kwargs)
