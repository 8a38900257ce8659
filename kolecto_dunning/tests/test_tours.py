from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .common import KolectoDunningCommon


@tagged("post_install", "-at_install")
class TestTours(KolectoDunningCommon, HttpCase):
    """Browser tours: the module's screens load and work end to end.

    No freeze_time here: the browser runs on the real clock, so dates are
    relative to today.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The tours log in as admin: let admin work in the test company, and
        # keep Odoo's onboarding tours (on without demo data) out of the way.
        cls.env.ref("base.user_admin").write(
            {
                "company_id": cls.company.id,
                "company_ids": [Command.link(cls.company.id)],
                "tour_enabled": False,
            }
        )
        if "product.pricelist" in cls.env:
            # With Sales, test companies get pricelists while the Settings
            # page shows the feature off, and warns about it on every save.
            cls.env["product.pricelist"].search([]).action_archive()

    def _create_overdue_invoice(self, days_late=50):
        today = fields.Date.context_today(self.env.user)
        return self._create_invoice(
            invoice_date=today - timedelta(days=days_late + 30),
            due_date=today - timedelta(days=days_late),
        )

    def start_tour(self, url_path, tour_name, **kwargs):
        result = super().start_tour(url_path, tour_name, login="admin", **kwargs)
        # The browser wrote through its own environments: read afresh.
        self.env.invalidate_all()
        return result

    def test_tour_invoices_list(self):
        self._create_overdue_invoice()
        self.start_tour("/odoo", "kolecto_dunning_tour_invoices_list")

    def test_tour_reminder_template(self):
        self.start_tour("/odoo", "kolecto_dunning_tour_reminder_template")
        template = self.env["mail.template"].search([("name", "=", "Tour reminder")])
        self.assertEqual(
            len(template), 1, msg="the tour should have saved one template"
        )
        self.assertRecordValues(
            template,
            [
                {
                    "document_type": "invoice",
                    "email_type": "reminder",
                    "reminder_delay": 45,
                    "model": "account.move",
                }
            ],
        )
        self.assertEqual(template.attachment_ids.mapped("name"), ["kd_tour_terms.txt"])

    def test_tour_mails_tab(self):
        move = self._create_overdue_invoice()
        self.assertEqual(
            move.mail_draft_template_id.email_type,
            "reminder",
            msg="an overdue invoice should be proposed a reminder",
        )
        self.start_tour(
            f"/odoo/action-account.action_move_out_invoice_type/{move.id}",
            "kolecto_dunning_tour_mails_tab",
        )
        mail = self._mails_of(move)
        self.assertEqual(len(mail), 1, msg="the tour should have sent one email")
        self.assertIn("please settle this invoice this week", mail.body_html)
        self.assertEqual(
            sorted(mail.mail_message_id.attachment_ids.mapped("name")),
            sorted(["kd_tour_statement.txt", move._get_invoice_report_filename()]),
        )
        self.assertEqual(move.reminder_count, 1, msg="a reminder sent by hand counts")

    def test_tour_reminder_settings(self):
        move = self._create_overdue_invoice()
        self.assertFalse(move.reminder_enabled)
        self.start_tour("/odoo/settings", "kolecto_dunning_tour_reminder_settings")
        self.assertTrue(self.company.reminder_auto_enable)
        self.assertRecordValues(
            move, [{"reminder_enabled": True, "reminder_max_count": 2}]
        )
        self.assertTrue(move.reminder_next_date)
