from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    attachment_max_size_mb = fields.Integer(
        related="company_id.attachment_max_size_mb", readonly=False
    )
    reminder_auto_enable = fields.Boolean(
        related="company_id.reminder_auto_enable", readonly=False
    )
    reminder_first_delay = fields.Integer(
        related="company_id.reminder_first_delay", readonly=False
    )
    reminder_interval = fields.Integer(
        related="company_id.reminder_interval", readonly=False
    )
    reminder_max_count = fields.Integer(
        related="company_id.reminder_max_count", readonly=False
    )
    reminder_template_id = fields.Many2one(
        related="company_id.reminder_template_id", readonly=False
    )
    reminder_recipient = fields.Selection(
        related="company_id.reminder_recipient", readonly=False
    )

    late_interest_rate = fields.Float(
        related="company_id.late_interest_rate", readonly=False
    )
    late_indemnity_amount = fields.Monetary(
        related="company_id.late_indemnity_amount", readonly=False
    )
    late_penalties_in_reminders = fields.Boolean(
        related="company_id.late_penalties_in_reminders", readonly=False
    )

    def action_apply_reminder_plan(self):
        """Put the company plan on the open customer invoices that have none."""
        self.ensure_one()
        return self.env["account.move"]._action_apply_company_reminder_plan(
            self.company_id
        )
