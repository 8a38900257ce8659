from odoo.tests import tagged

from odoo.addons.kolecto_dunning.tests import test_i18n


@tagged("post_install", "-at_install")
class TestI18nCatalogSale(test_i18n.TestI18nCatalog):
    """kolecto_dunning_sale/i18n/fr.po translates every term of the module."""

    MODULE = "kolecto_dunning_sale"
    allow_inherited_tests_method = True
