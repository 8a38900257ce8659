{
    "name": "Kolecto Dunning: invoice emails and payment reminders",
    "summary": "Email templates by document and type, a Mails tab on invoices, "
    "manual and automated payment reminders",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/kolecto/kolecto_dunning",
    "author": "Kolecto",
    "license": "LGPL-3",
    "depends": ["account"],
    "data": [
        "security/ir.model.access.csv",
        "security/mail_template_security.xml",
        "security/account_move_reminder_security.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "views/mail_template_views.xml",
        "views/account_move_reminder_views.xml",
        "views/account_move_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/kolecto_dunning_menus.xml",
    ],
    "demo": [
        "demo/res_company_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/account_move_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "kolecto_dunning/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": False,
}
