from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import KolectoDunningCommon

MB = 1024 * 1024


@tagged("post_install", "-at_install")
class TestMailTemplate(KolectoDunningCommon):
    def _template_values(self, **values):
        return {
            "name": "Test reminder",
            "document_type": "invoice",
            "email_type": "reminder",
            "reminder_delay": 45,
            "subject": "Still unpaid: {{ object.name }}",
            "body_html": "<p>Please pay.</p>",
            **values,
        }

    def test_module_data_classifies_templates(self):
        self.assertEqual(
            (self.template_sending.document_type, self.template_sending.email_type),
            ("invoice", "sending"),
        )
        self.assertTrue(self.template_sending.is_default)
        self.assertEqual(
            [
                self.template_courteous.reminder_delay,
                self.template_firm.reminder_delay,
                self.template_notice.reminder_delay,
            ],
            [7, 15, 30],
        )

    def test_document_type_sets_model(self):
        template = self.env["mail.template"].create(self._template_values())
        self.assertEqual(template.model, "account.move")

    def test_document_type_requires_type(self):
        with self.assertRaisesRegex(ValidationError, "choose a Type"):
            self.env["mail.template"].create(
                self._template_values(email_type=False, reminder_delay=0)
            )

    def test_invoice_document_on_other_model_refused(self):
        with self.assertRaisesRegex(ValidationError, "must apply to"):
            self.env["mail.template"].create(
                self._template_values(
                    model_id=self.env["ir.model"]._get_id("res.partner")
                )
            )

    def test_negative_delay_refused(self):
        with self.assertRaisesRegex(ValidationError, "zero or more days"):
            self.env["mail.template"].create(self._template_values(reminder_delay=-1))

    def test_delay_on_sending_template_refused(self):
        with self.assertRaisesRegex(ValidationError, "only applies to reminder"):
            self.env["mail.template"].create(
                self._template_values(email_type="sending", reminder_delay=5)
            )

    def test_new_default_unsets_previous(self):
        template = self.env["mail.template"].create(
            self._template_values(is_default=True)
        )
        self.assertTrue(template.is_default)
        self.assertFalse(self.template_courteous.is_default)
        self.template_firm.is_default = True
        self.assertFalse(template.is_default)
        self.assertEqual(
            self.env["mail.template"]._get_default_template("invoice", "reminder"),
            self.template_firm,
        )

    def test_two_defaults_at_once_refused(self):
        with self.assertRaisesRegex(ValidationError, "only one default"):
            self.env["mail.template"].create(
                [self._template_values(is_default=True, name=f"T{i}") for i in range(2)]
            )
        self.assertTrue(self.template_courteous.is_default, "nothing saved half")

    def test_attachment_under_limit_saves(self):
        attachment = self._create_attachment("terms.pdf", int(5.5 * MB))
        template = self.env["mail.template"].create(
            self._template_values(attachment_ids=[attachment.id])
        )
        self.assertEqual(template.attachment_ids, attachment)

    def test_attachment_over_limit_refused(self):
        attachment = self._create_attachment("big-terms.pdf", int(6.1 * MB))
        with self.assertRaises(ValidationError) as error:
            self.env["mail.template"].create(
                self._template_values(attachment_ids=[attachment.id])
            )
        message = str(error.exception)
        self.assertIn("big-terms.pdf", message)
        self.assertIn("6.10 Mb", message, msg=message)
        self.assertIn("6 MB", message)

    def test_attachments_sum_over_limit_refused(self):
        first = self._create_attachment("terms.pdf", int(3.1 * MB))
        second = self._create_attachment("prices.pdf", int(3.1 * MB))
        template = self.env["mail.template"].create(
            self._template_values(attachment_ids=[first.id])
        )
        with self.assertRaisesRegex(ValidationError, "prices.pdf"):
            template.write({"attachment_ids": [(4, second.id)]})

    def test_attachment_limit_follows_company_setting(self):
        self.company.attachment_max_size_mb = 10
        attachment = self._create_attachment("catalogue.pdf", int(8 * MB))
        template = self.env["mail.template"].create(
            self._template_values(attachment_ids=[attachment.id])
        )
        self.assertTrue(template.exists())

    def test_billing_user_reads_but_cannot_edit_classified_template(self):
        template = self.template_courteous.with_user(self.billing_user)
        self.assertTrue(template.subject)
        with self.assertRaisesRegex(AccessError, "Only Invoicing administrators"):
            template.write({"subject": "Pay now"})
        with self.assertRaises(AccessError):
            self.env["mail.template"].with_user(self.billing_user).create(
                self._template_values()
            )
        with self.assertRaises(AccessError):
            template.unlink()

    def test_template_editor_billing_user_cannot_edit_classified_template(self):
        self.billing_user.groups_id += self.env.ref("mail.group_mail_template_editor")
        with self.assertRaisesRegex(AccessError, "Only Invoicing administrators"):
            self.template_courteous.with_user(self.billing_user).subject = "Pay now"

    def test_manager_edits_classified_template(self):
        template = self.template_courteous.with_user(self.manager_user)
        template.write({"subject": "Friendly reminder"})
        self.assertEqual(self.template_courteous.subject, "Friendly reminder")

    def test_portal_user_cannot_read_templates(self):
        portal = self.env["res.users"].create(
            {
                "name": "Portal",
                "login": "kd_portal",
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        with self.assertRaises(AccessError):
            self.template_courteous.with_user(portal).read(["subject"])

    def test_form_creates_reminder_template(self):
        action = self.env.ref("kolecto_dunning.mail_template_action")
        template_form = Form(
            self.env["mail.template"]
            .with_user(self.manager_user)
            .with_context(**safe_eval(action.context)),
            view="kolecto_dunning.mail_template_view_form",
        )
        template_form.name = "Last call"
        template_form.email_type = "reminder"
        template_form.reminder_delay = 60
        template_form.subject = "Last call for {{ object.name }}"
        template = template_form.save()
        self.assertEqual(
            (template.document_type, template.model, template.reminder_delay),
            ("invoice", "account.move", 60),
        )
        self.assertIn(
            template, self.env["mail.template"].search(safe_eval(action.domain))
        )

    def test_archived_template_is_not_proposed(self):
        self.template_courteous.active = False
        self.assertFalse(
            self.env["mail.template"]._get_default_template("invoice", "reminder")
        )
