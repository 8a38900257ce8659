from odoo import fields, models


class AccountMoveReminder(models.Model):
    """One payment reminder sent, or attempted, for a customer invoice.

    The row is inserted in the transaction that queues the email: the unique
    (move_id, sequence) index is what makes a reminder impossible to send
    twice, whatever the number of workers running the cron.
    """

    _name = "account.move.reminder"
    _description = "Payment reminder"
    _order = "move_id, sequence"
    _rec_name = "sequence"

    move_id = fields.Many2one(
        comodel_name="account.move",
        string="Invoice",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="move_id.company_id", store=True)
    partner_id = fields.Many2one(related="move_id.partner_id", string="Customer")
    sequence = fields.Integer(required=True, readonly=True)
    scheduled_date = fields.Date(
        readonly=True, help="The day the plan had this reminder due."
    )
    sent_at = fields.Datetime(
        string="Sent on",
        readonly=True,
        help="When the reminder was sent, or attempted when it failed.",
    )
    template_id = fields.Many2one(
        comodel_name="mail.template",
        string="Template",
        ondelete="set null",
        readonly=True,
    )
    email_to = fields.Char(string="Recipients", readonly=True)
    mail_message_id = fields.Many2one(
        comodel_name="mail.message",
        string="Message",
        ondelete="set null",
        readonly=True,
    )
    origin = fields.Selection(
        selection=[("manual", "Manual"), ("automatic", "Automatic")],
        required=True,
        readonly=True,
    )
    state = fields.Selection(
        selection=[("sent", "Sent"), ("failed", "Failed")],
        required=True,
        readonly=True,
    )
    error = fields.Text(readonly=True)

    _sql_constraints = [
        (
            "move_sequence_unique",
            "UNIQUE(move_id, sequence)",
            "This reminder of this invoice has already been sent.",
        ),
    ]
