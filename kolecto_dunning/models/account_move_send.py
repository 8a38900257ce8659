from odoo import api, fields, models


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
        """Override of `account` to date the last email of the invoice, whoever
        sends it (Odoo's Send button, the Mails tab, the reminder cron)."""
        res = super()._send_mail(move, mail_template, **kwargs)
        move.mail_last_sent_at = fields.Datetime.now()
        return res
