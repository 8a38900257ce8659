from ast import literal_eval

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import KolectoDunningSaleCommon


@tagged("post_install", "-at_install")
class TestQuoteMailTemplate(KolectoDunningSaleCommon):
    def test_odoo_quote_template_is_default_quote_sending(self):
        template = self.template_quote
        self.assertEqual(
            (template.document_type, template.email_type, template.is_default),
            ("quote", "sending", True),
        )
        self.assertEqual(
            self.env["mail.template"]._get_default_template("quote", "sending"),
            template,
        )

    def test_emails_menu_lists_quote_templates(self):
        action = self.env.ref("kolecto_dunning.mail_template_action")
        templates = self.env["mail.template"].search(literal_eval(action.domain))
        self.assertIn(self.template_quote, templates)

    def test_quote_template_created_from_emails_menu_applies_to_orders(self):
        manager = new_test_user(
            self.env,
            login="kds_manager",
            groups="sales_team.group_sale_manager,mail.group_mail_template_editor",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        action = self.env.ref("kolecto_dunning.mail_template_action")
        form = Form(
            self.env["mail.template"]
            .with_user(manager)
            .with_context(**literal_eval(action.context)),
            view="kolecto_dunning.mail_template_view_form",
        )
        form.name = "Quotation, short version"
        form.document_type = "quote"
        self.assertEqual(form.model, "sale.order")
        template = form.save()
        self.assertEqual(template.model, "sale.order")
        self.assertEqual(
            template.report_template_ids,
            self.env.ref("sale.action_report_saleorder"),
            msg="a quote template attaches the quote PDF, as Odoo's does",
        )

    def test_only_sales_administrators_edit_quote_templates(self):
        accountant = new_test_user(
            self.env,
            login="kds_accountant",
            groups="account.group_account_manager,mail.group_mail_template_editor",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        sales_admin = new_test_user(
            self.env,
            login="kds_sales_admin",
            groups="sales_team.group_sale_manager,mail.group_mail_template_editor",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        with self.assertRaises(AccessError):
            self.template_quote.with_user(accountant).subject = "Our offer"
        self.template_quote.with_user(sales_admin).subject = "Our offer"
        self.assertEqual(self.template_quote.subject, "Our offer")

    def test_removed_quote_type_leaves_templates_unclassified(self):
        """What the uninstall does with the quote templates (the value's
        ondelete), kolecto_dunning's constraints holding."""
        reminder = self.template_quote.copy(
            {
                "name": "Quotation follow-up",
                "email_type": "reminder",
                "reminder_delay": 10,
                "is_default": True,
            }
        )
        quote_templates = self.template_quote | reminder
        ondelete = self.env["mail.template"]._fields["document_type"].ondelete
        ondelete["quote"](quote_templates)
        for template in quote_templates:
            self.assertEqual(
                (
                    template.document_type,
                    template.email_type,
                    template.reminder_delay,
                    template.is_default,
                ),
                (False, False, 0, False),
            )
        self.assertTrue(
            self.env["mail.template"]._get_default_template("invoice", "sending"),
            msg="the invoice templates stay as they were",
        )
