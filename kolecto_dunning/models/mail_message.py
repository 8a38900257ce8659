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
        compute="_compute_kolecto_email_kind",
    )
    kolecto_template_id = fields.Many2one(
        comodel_name="mail.template",
        string="Template",
        readonly=True,
        ondelete="set null",
        help="The template an invoice email was written from.",
    )

    def _compute_kolecto_email_kind(self):
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
