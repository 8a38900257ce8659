from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.safe_eval import safe_eval, time
from odoo.tools.sql import column_exists, create_column

# States of a quotation not confirmed yet, those its quotation email is for.
QUOTE_STATES = ("draft", "sent")


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "kolecto.mail.draft.mixin"]

    mail_history_ids = fields.One2many(
        comodel_name="mail.message",
        inverse_name="res_id",
        string="Emails sent",
        domain=[
            ("model", "=", "sale.order"),
            ("message_type", "=", "comment"),
            ("partner_ids", "!=", False),
        ],
        readonly=True,
    )
    mail_proposed_template_id = fields.Many2one(
        comodel_name="mail.template",
        string="Proposed template",
        compute="_compute_mail_proposed_template_id",
    )

    def _auto_init(self):
        """Create the draft's text columns before Odoo would compute them one
        order at a time on install; they are empty until a draft is prepared."""
        for fname, column_type in (
            ("mail_draft_subject", "varchar"),
            ("mail_draft_body", "text"),
        ):
            if not column_exists(self.env.cr, "sale_order", fname):
                create_column(self.env.cr, "sale_order", fname, column_type)
        return super()._auto_init()

    # === COMPUTE METHODS ===

    @api.depends("state")
    def _compute_mail_proposed_template_id(self):
        for order in self:
            order.mail_proposed_template_id = (
                order._get_proposed_mail_template()
                if order.state in QUOTE_STATES
                else False
            )

    # === BUSINESS METHODS ===

    def _find_mail_template(self):
        """Override of `sale` to propose, for a quotation, the default
        Quote / Sending template of Invoicing > Configuration > E-mails.
        The confirmation and pro forma emails stay Odoo's."""
        self.ensure_one()
        if self.state in QUOTE_STATES and not self.env.context.get("proforma"):
            template = self.env["mail.template"]._get_default_template(
                "quote", "sending"
            )
            if template:
                return template
        return super()._find_mail_template()

    def _get_proposed_mail_template(self):
        """The template of Odoo's Send by email button."""
        self.ensure_one()
        return self._find_mail_template()

    def _check_mail_draft_sendable(self):
        """Override of `kolecto_dunning`: the Mails tab sends quotations only;
        a confirmed order gets Odoo's confirmation email."""
        res = super()._check_mail_draft_sendable()
        if self.state not in QUOTE_STATES:
            raise UserError(
                _(
                    "%s is no longer a quotation: send its email with Odoo's "
                    "Send by Email button.",
                    self.display_name,
                )
            )
        return res

    def _send_mail_draft(self):
        """Send the draft through Odoo's mail composer, as Send by Email does:
        the quote PDF and the template's files attached, the message in the
        chatter, the quotation marked as sent."""
        self.ensure_one()
        template = self.mail_draft_template_id
        lang = (
            template._render_lang(self.ids)[self.id]
            if template
            else self.partner_id.lang
        )
        composer = (
            self.env["mail.compose.message"]
            .with_context(
                default_composition_mode="comment",
                default_model=self._name,
                default_res_ids=self.ids,
                default_template_id=template.id,
                mark_so_as_sent=True,
                model_description=self.with_context(lang=lang).type_name,
            )
            .create(
                {
                    "subject": self.mail_draft_subject,
                    "body": self.mail_draft_body,
                    "partner_ids": self.mail_draft_partner_ids.ids,
                    "email_layout_xmlid": (
                        "mail.mail_notification_layout_with_responsible_signature"
                    ),
                }
            )
        )
        # The template's files and reports, rendered by the composer, then ours.
        attachments = composer.attachment_ids | self.mail_draft_attachment_ids
        if not template:
            attachments |= self._create_quote_pdf_attachment()
        composer.attachment_ids = attachments
        composer._action_send_mail()

    def _create_quote_pdf_attachment(self):
        """The quote PDF, named as Odoo's quotation email names it, for a
        free message (a template brings its own reports)."""
        self.ensure_one()
        report = self.env.ref("sale.action_report_saleorder")
        content, report_format = self.env["ir.actions.report"]._render_qweb_pdf(
            report, self.ids
        )
        name = safe_eval(report.print_report_name, {"object": self, "time": time})
        extension = f".{report_format}"
        return self.env["ir.attachment"].create(
            {
                "name": name if name.endswith(extension) else name + extension,
                "raw": content,
                # Pending on the composer, as Odoo's own rendered reports are:
                # posting the message moves it to the quotation.
                "res_model": "mail.compose.message",
                "res_id": 0,
                "type": "binary",
            }
        )
