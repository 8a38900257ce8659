from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError


class MailTemplate(models.Model):
    _inherit = "mail.template"

    document_type = fields.Selection(
        selection=[("invoice", "Invoice")],
        string="Document",
        index=True,
        help="The business document this email goes with. Empty on templates "
        "that are not managed from Invoicing > Configuration > E-mails.",
    )
    email_type = fields.Selection(
        selection=[("sending", "Sending"), ("reminder", "Reminder")],
        string="Type",
        help="Sending: the email that goes with the document. "
        "Reminder: a payment reminder for a late invoice.",
    )
    reminder_delay = fields.Integer(
        string="Delay (days)",
        aggregator=None,
        help="Days after the due date this reminder is meant for: the proposed "
        "reminder is the one with the largest delay not exceeding the days late.",
    )
    is_default = fields.Boolean(
        string="Default",
        help="Proposed by default for its Document and Type. "
        "Setting a new default unsets the previous one.",
    )

    @api.model
    def _get_document_type_models(self):
        """Model each document type implies; companion modules extend it."""
        return {"invoice": "account.move"}

    @api.model
    def _get_document_type_manager_groups(self):
        """Group that manages the templates of each document type."""
        return {"invoice": "account.group_account_manager"}

    # === ONCHANGE METHODS ===

    @api.onchange("document_type")
    def _onchange_document_type(self):
        model = self._get_document_type_models().get(self.document_type)
        if model:
            self.model_id = self.env["ir.model"]._get(model)

    # === CONSTRAINTS ===

    @api.constrains("document_type", "email_type", "model_id")
    def _check_document_type(self):
        models_by_type = self._get_document_type_models()
        for template in self.filtered("document_type"):
            if not template.email_type:
                raise ValidationError(
                    _(
                        "Template “%(name)s”: choose a Type (Sending or Reminder) "
                        "for a template classified by Document.",
                        name=template.name,
                    )
                )
            expected = models_by_type.get(template.document_type)
            if expected and template.model != expected:
                raise ValidationError(
                    _(
                        "Template “%(name)s”: a template of Document “%(document)s” "
                        "must apply to %(expected)s, not to %(model)s.",
                        name=template.name,
                        document=dict(
                            template._fields["document_type"]._description_selection(
                                self.env
                            )
                        )[template.document_type],
                        expected=self.env["ir.model"]._get(expected).name,
                        model=template.model_id.name or _("no model"),
                    )
                )

    @api.constrains("reminder_delay", "email_type")
    def _check_reminder_delay(self):
        for template in self:
            if template.reminder_delay < 0:
                raise ValidationError(
                    _(
                        "Template “%(name)s”: the reminder delay must be zero or "
                        "more days after the due date, not %(delay)s.",
                        name=template.name,
                        delay=template.reminder_delay,
                    )
                )
            if template.reminder_delay and template.email_type != "reminder":
                raise ValidationError(
                    _(
                        "Template “%(name)s”: a delay only applies to reminder "
                        "templates. Set the Type to Reminder or clear the delay.",
                        name=template.name,
                    )
                )

    @api.constrains("is_default", "document_type", "email_type", "active")
    def _check_single_default(self):
        for template in self.filtered(lambda t: t.is_default and t.active):
            if not template.document_type:
                raise ValidationError(
                    _(
                        "Template “%(name)s”: only a template classified by "
                        "Document and Type can be the default.",
                        name=template.name,
                    )
                )
            others = self.search_count(
                [
                    ("id", "!=", template.id),
                    ("is_default", "=", True),
                    ("document_type", "=", template.document_type),
                    ("email_type", "=", template.email_type),
                ]
            )
            if others:
                raise ValidationError(
                    _(
                        "Template “%(name)s”: there can be only one default "
                        "template per Document and Type.",
                        name=template.name,
                    )
                )

    @api.constrains("attachment_ids")
    def _check_attachment_size(self):
        for template in self:
            self.env.company._check_attachments_size(
                template.attachment_ids, _("Template “%s”", template.name)
            )

    # === CRUD METHODS ===

    @api.model_create_multi
    def create(self, vals_list):
        self._check_classified_access(vals_list)
        models_by_type = self._get_document_type_models()
        for vals in vals_list:
            model = models_by_type.get(vals.get("document_type"))
            if model and not vals.get("model_id"):
                vals["model_id"] = self.env["ir.model"]._get_id(model)
        self._unset_previous_defaults(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_classified_access([vals])
        if vals.get("is_default"):
            self._unset_previous_defaults(
                [
                    {
                        "document_type": vals.get("document_type", t.document_type),
                        "email_type": vals.get("email_type", t.email_type),
                        "is_default": True,
                    }
                    for t in self
                ],
                exclude=self,
            )
        return super().write(vals)

    def unlink(self):
        self._check_classified_access([])
        return super().unlink()

    # === BUSINESS METHODS ===

    def _check_classified_access(self, vals_list):
        """Only the managers of a document type may change its templates
        (Invoicing administrators for invoices).

        Odoo lets every employee edit the templates they created, which would
        let a billing user rewrite the company's reminders.
        """
        if self.env.su:
            return
        document_types = set(self.mapped("document_type")) | {
            vals["document_type"] for vals in vals_list if vals.get("document_type")
        }
        groups = self._get_document_type_manager_groups()
        if any(
            not self.env.user.has_group(groups.get(document_type, "base.group_system"))
            for document_type in document_types - {False}
        ):
            raise AccessError(
                _(
                    "Only Invoicing administrators can create, edit or delete the "
                    "email templates of Invoicing > Configuration > E-mails."
                )
            )

    def _unset_previous_defaults(self, vals_list, exclude=None):
        """A new default replaces the previous one of its Document and Type."""
        keys = [
            (vals.get("document_type"), vals.get("email_type"))
            for vals in vals_list
            if vals.get("is_default") and vals.get("document_type")
        ]
        if len(keys) != len(set(keys)):
            raise ValidationError(
                _("There can be only one default template per Document and Type.")
            )
        for document_type, email_type in keys:
            previous = self.search(
                [
                    ("is_default", "=", True),
                    ("document_type", "=", document_type),
                    ("email_type", "=", email_type),
                    ("id", "not in", (exclude or self.browse()).ids),
                ]
            )
            previous.write({"is_default": False})

    @api.model
    def _get_default_template(self, document_type, email_type):
        return self.search(
            [
                ("document_type", "=", document_type),
                ("email_type", "=", email_type),
                ("is_default", "=", True),
            ],
            limit=1,
        )
