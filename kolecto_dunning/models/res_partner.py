from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    reminder_excluded = fields.Boolean(
        string="No automatic reminders",
        company_dependent=True,
        help="Never send automatic payment reminders to this customer "
        "(manual reminders stay possible).",
    )
    is_consumer = fields.Boolean(
        string="Consumer (B2C)",
        help="A consumer owes no statutory late-payment penalties: reminders "
        "do not mention them.",
    )
