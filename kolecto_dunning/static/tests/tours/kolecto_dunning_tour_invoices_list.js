import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

/**
 * The Invoicing app and its customer invoices list load with the module
 * installed (a tour fails on any JavaScript error).
 * Data: a posted invoice of "Thames Design Ltd", see tests/test_tours.py.
 */
registry.category("web_tour.tours").add("kolecto_dunning_tour_invoices_list", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("account.menu_finance", "Open the Invoicing app"),
        {
            content: "Open the Customers menu",
            trigger:
                '.o_main_navbar [data-menu-xmlid="account.menu_finance_receivables"]',
            run: "click",
        },
        {
            content: "Open the customer invoices",
            trigger:
                '.dropdown-item[data-menu-xmlid="account.menu_action_move_out_invoice_type"]',
            run: "click",
        },
        {
            content: "The list shows the invoice of the test customer",
            trigger: ".o_list_view .o_data_row:contains(Thames Design Ltd)",
        },
        {
            content: "Open the invoice",
            trigger:
                ".o_data_row:contains(Thames Design Ltd) td[name=invoice_partner_display_name]",
            run: "click",
        },
        {
            content: "The invoice form has the Mails tab of a posted invoice",
            trigger: ".o_form_view .o_notebook a.nav-link[name=kolecto_mails]",
        },
    ],
});
