{
    "name": "Kolecto Dunning: quotation emails",
    "summary": "Quote email templates in Invoicing > Configuration > E-mails, "
    "a Mails tab on quotations",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/kolecto/kolecto_dunning",
    "author": "Kolecto",
    "license": "LGPL-3",
    "depends": ["kolecto_dunning", "sale"],
    "data": [
        "security/mail_template_security.xml",
        "data/mail_template_data.xml",
        "views/sale_order_views.xml",
    ],
    "auto_install": True,
    "installable": True,
    "application": False,
}
