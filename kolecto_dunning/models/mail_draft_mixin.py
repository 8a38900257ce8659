from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize


class MailDraftMixin(models.AbstractModel):
    """The next email of a business document, prepared and kept as a draft.

    The draft lives on the document so that it survives the session and two
    users see the same text; the document model says which template to
    propose (`_get_proposed_mail_template`) and how to send
    (`_send_mail_draft`).
    """

    _name = "kolecto.mail.draft.mixin"
    _description = "Email draft of a document"

    mail_draft_template_id = fields.Many2one(
        comodel_name="mail.template",
        string="Email template",
        ondelete="set null",
        copy=False,
        help="Clear it to write a free message.",
    )
    mail_draft_partner_ids = fields.Many2many(
        comodel_name="res.partner",
        string="Recipients",
        copy=False,
    )
    mail_draft_subject = fields.Char(
        string="Subject",
        compute="_compute_mail_draft_content",
        store=True,
        readonly=False,
        copy=False,
    )
    mail_draft_body = fields.Html(
        string="Message",
        compute="_compute_mail_draft_content",
        store=True,
        readonly=False,
        copy=False,
        sanitize_style=True,
    )
    mail_draft_attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        string="Extra attachments",
        copy=False,
        help="Sent with the document's PDF and the template's attachments.",
    )

    # === COMPUTE METHODS ===

    @api.depends("mail_draft_template_id")
    def _compute_mail_draft_content(self):
        """Render the chosen template in each recipient's language, per batch."""
        for record in self:
            record.mail_draft_subject = False
            record.mail_draft_body = False
        drafts = self.filtered(lambda r: r.id and r.mail_draft_template_id)
        for template, records in drafts.grouped("mail_draft_template_id").items():
            for localized, ids in template._classify_per_lang(records.ids).values():
                subjects = localized._render_field("subject", ids)
                bodies = localized._render_field(
                    "body_html", ids, options={"post_process": True}
                )
                for record in self.browse(ids):
                    record.mail_draft_subject = subjects[record.id]
                    record.mail_draft_body = bodies[record.id]

    # === CONSTRAINTS ===

    @api.constrains("mail_draft_attachment_ids", "mail_draft_template_id")
    def _check_mail_draft_attachment_size(self):
        for record in self:
            record.company_id._check_attachments_size(
                record.mail_draft_attachment_ids
                | record.mail_draft_template_id.attachment_ids,
                _("Email of %s", record.display_name),
            )

    # === ACTION METHODS ===

    def action_mail_draft_reset(self):
        """Propose the template that fits the document today and render it."""
        for record in self:
            template = record._get_proposed_mail_template()
            record.mail_draft_template_id = template
            record.mail_draft_attachment_ids = False
            # Set here rather than computed from the customer: a stored
            # computed relation would be filled for every existing document
            # when the module is installed.
            record.mail_draft_partner_ids = record._get_mail_draft_default_partners()
        # Re-render even where the proposal is the template already chosen.
        for fname in ("mail_draft_subject", "mail_draft_body"):
            self.env.add_to_compute(self._fields[fname], self)
        return True

    def action_mail_draft_send(self):
        for record in self:
            record._check_mail_draft_sendable()
            record._send_mail_draft()
            record.action_mail_draft_reset()
        return True

    # === BUSINESS METHODS ===

    def _get_mail_draft_default_partners(self):
        return self.partner_id

    def _get_proposed_mail_template(self):
        raise NotImplementedError

    def _send_mail_draft(self):
        raise NotImplementedError

    def _check_mail_draft_sendable(self):
        """Refuse, with what to fix, a draft that cannot go out as it is."""
        self.ensure_one()
        if not self.mail_draft_partner_ids:
            raise UserError(_("Add at least one recipient to the email."))
        invalid = self.mail_draft_partner_ids.filtered(
            lambda p: not email_normalize(p.email or "")
        )
        if invalid:
            raise UserError(
                _(
                    "These recipients have no valid email address: %s. "
                    "Fix their address or remove them.",
                    ", ".join(invalid.mapped("display_name")),
                )
            )
        if not (self.mail_draft_subject or "").strip():
            raise UserError(_("Write a subject for the email."))
        self._check_mail_draft_attachment_size()
