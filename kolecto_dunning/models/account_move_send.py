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
        """Override of `account` to keep, whoever sends the invoice (Odoo's
        Send button, the Mails tab, the reminder cron), the date of its last
        email and the template of each, for the Mails tab's history.

        :return: the message posted (Odoo's method returns nothing).
        """
        super()._send_mail(move, mail_template, **kwargs)
        message = move._get_last_sent_message()
        message.sudo().kolecto_template_id = mail_template
        move.mail_last_sent_at = fields.Datetime.now()
        return message
