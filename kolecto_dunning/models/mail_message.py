from odoo import fields, models


class MailMessage(models.Model):
    _inherit = "mail.message"

    kolecto_email_kind = fields.Selection(
        selection=[
            ("sending", "Sending"),
            ("reminder_manual", "Reminder (manual)"),
            ("reminder_automatic", "Reminder (automatic)"),
        ],
        string="Email type",
        compute="_compute_kolecto_reminder_info",
    )
    kolecto_template_id = fields.Many2one(
        comodel_name="mail.template",
        string="Template",
        compute="_compute_kolecto_reminder_info",
    )

    def _compute_kolecto_reminder_info(self):
        """Tell reminders from sendings in an invoice's email history."""
        reminders = (
            self.env["account.move.reminder"]
            .sudo()
            .search([("mail_message_id", "in", self.ids)])
        )
        reminder_by_message = {r.mail_message_id.id: r for r in reminders}
        for message in self:
            reminder = reminder_by_message.get(message.id)
            message.kolecto_email_kind = (
                f"reminder_{reminder.origin}" if reminder else "sending"
            )
            message.kolecto_template_id = reminder.template_id if reminder else False
