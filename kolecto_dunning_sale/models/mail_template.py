from odoo import Command, api, fields, models


class MailTemplate(models.Model):
    _inherit = "mail.template"

    document_type = fields.Selection(
        selection_add=[("quote", "Quote")],
        ondelete={"quote": lambda templates: templates._clear_classification()},
    )

    @api.model
    def _get_document_type_models(self):
        """Override of `kolecto_dunning` to classify the quotation emails."""
        return {**super()._get_document_type_models(), "quote": "sale.order"}

    @api.model
    def _get_document_type_manager_groups(self):
        """Override of `kolecto_dunning`: Sales administrators manage the
        quotation emails."""
        return {
            **super()._get_document_type_manager_groups(),
            "quote": "sales_team.group_sale_manager",
        }

    # === CRUD METHODS ===

    @api.model_create_multi
    def create(self, vals_list):
        """Override of `kolecto_dunning`: a quote template created from
        Invoicing > Configuration > E-mails attaches the quote PDF, as Odoo's
        quotation email does (its form does not show the reports)."""
        report = self.env.ref("sale.action_report_saleorder", raise_if_not_found=False)
        for vals in vals_list:
            if (
                report
                and vals.get("document_type") == "quote"
                and "report_template_ids" not in vals
            ):
                vals["report_template_ids"] = [Command.link(report.id)]
        return super().create(vals_list)

    # === BUSINESS METHODS ===

    def _clear_classification(self):
        """Leave the quote templates unclassified when this module goes: a
        template without Document may have no Type, delay nor default."""
        # The uninstall runs as superuser already; sudo keeps the classified
        # templates' access check out of the way whoever triggers it.
        self.sudo().write(
            {
                "document_type": False,
                "email_type": False,
                "reminder_delay": 0,
                "is_default": False,
            }
        )
