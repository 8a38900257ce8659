from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import human_size


class ResCompany(models.Model):
    _inherit = "res.company"

    attachment_max_size_mb = fields.Integer(
        string="Email attachments limit (MB)",
        default=6,
        help="Total size of the attachments of an email template or of an email "
        "prepared from an invoice.",
    )
    reminder_auto_enable = fields.Boolean(
        string="Activate this reminder plan for all new invoices",
    )
    reminder_first_delay = fields.Integer(
        string="First reminder (days after due date)",
        default=7,
    )
    reminder_interval = fields.Integer(
        string="Days between reminders",
        default=15,
    )
    reminder_max_count = fields.Integer(
        string="Number of reminders",
        default=3,
    )
    reminder_template_id = fields.Many2one(
        comodel_name="mail.template",
        string="Reminder template",
        domain=[("document_type", "=", "invoice"), ("email_type", "=", "reminder")],
    )
    reminder_recipient = fields.Selection(
        selection=[
            ("invoice_contact", "The invoice's contact"),
            ("invoice_address", "The customer's invoice address"),
        ],
        string="Send reminders to",
        default="invoice_contact",
        required=True,
        help="The customer's invoice address is its contact of type "
        "“Invoice address”; the invoice's contact is used when it has none.",
    )

    late_interest_rate = fields.Float(
        string="Late-payment interest rate (%)",
        default=12.15,
        digits=(5, 2),
        help="Yearly rate. French law (Code de commerce L441-10): the ECB "
        "refinancing rate + 10 points unless the contract says otherwise, never "
        "below three times the legal interest rate.",
    )
    late_indemnity_amount = fields.Monetary(
        string="Recovery indemnity",
        currency_field="currency_id",
        default=40.0,
        help="Flat indemnity for recovery costs owed for a late B2B invoice "
        "(Code de commerce D441-5: 40 EUR).",
    )
    late_penalties_in_reminders = fields.Boolean(
        string="Show late-payment penalties in reminders",
        help="Reminders state the interest and the indemnity owed, except to "
        "consumers.",
    )

    @api.constrains("attachment_max_size_mb")
    def _check_attachment_max_size_mb(self):
        if any(company.attachment_max_size_mb < 1 for company in self):
            raise ValidationError(
                _("The email attachments limit must be at least 1 MB.")
            )

    @api.constrains("late_interest_rate", "late_indemnity_amount")
    def _check_late_penalties(self):
        for company in self:
            if company.late_interest_rate < 0 or company.late_indemnity_amount < 0:
                raise ValidationError(
                    _("Late-payment interest and indemnity cannot be negative.")
                )

    @api.constrains("reminder_first_delay", "reminder_interval", "reminder_max_count")
    def _check_reminder_plan(self):
        for company in self:
            if company.reminder_max_count < 1:
                raise ValidationError(
                    _("The reminder plan needs at least one reminder.")
                )
            if company.reminder_first_delay < 0:
                raise ValidationError(
                    _("The first reminder cannot be sent before the due date.")
                )
            if company.reminder_interval <= 0 and company.reminder_max_count > 1:
                raise ValidationError(
                    _(
                        "Set at least one day between reminders, or plan a single "
                        "reminder."
                    )
                )

    def _check_attachments_size(self, attachments, owner):
        """Refuse attachments whose total size exceeds the company's limit."""
        self.ensure_one()
        limit = self.attachment_max_size_mb * 1024 * 1024
        total = sum(attachments.mapped("file_size"))
        if total <= limit:
            return
        files = "\n".join(
            f"- {attachment.name} ({human_size(attachment.file_size)})"
            for attachment in attachments
        )
        raise ValidationError(
            _(
                "%(owner)s: the attachments weigh %(total)s in all, more than the "
                "limit of %(limit)s MB. Remove or shrink some of them:\n%(files)s",
                owner=owner,
                total=human_size(total),
                limit=self.attachment_max_size_mb,
                files=files,
            )
        )
