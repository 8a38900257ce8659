import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

/**
 * Turn on the company's reminder plan in Settings, then a plan on one posted
 * invoice. Data and checks in tests/test_tours.py.
 */
registry.category("web_tour.tours").add("kolecto_dunning_tour_reminder_settings", {
    url: "/odoo/settings",
    steps: () => [
        {
            content: "Open the Invoicing settings",
            trigger: ".settings_tab .tab[data-key=account]",
            run: "click",
        },
        {
            content: "The Payment reminders block is shown",
            trigger:
                ".app_settings_block[data-key=account] h2:contains(Payment reminders)",
        },
        {
            content: "Activate the reminder plan for all new invoices",
            trigger:
                ".app_settings_block[data-key=account] .o_field_widget[name=reminder_auto_enable] input[type=checkbox]",
            run: "check",
        },
        {
            content: "Save the settings (the page then reloads)",
            trigger: ".o_form_button_save:enabled",
            run(helpers) {
                // Marks the page so the next step waits for the reload.
                document.body.classList.add("kd_settings_saving");
                return helpers.click();
            },
        },
        {
            content: "Settings saved and reloaded with the plan on",
            trigger:
                "body:not(.kd_settings_saving) .o_field_widget[name=reminder_auto_enable] input:checked",
        },
        stepUtils.goToUrl("/odoo/action-account.action_move_out_invoice_type"),
        {
            content: "Open the invoice of the test customer",
            trigger:
                ".o_data_row:contains(Thames Design Ltd) td[name=invoice_partner_display_name]",
            run: "click",
        },
        {
            content: "Open the Other Info tab",
            trigger: ".o_form_view .o_notebook a.nav-link[name=other_info]",
            run: "click",
        },
        {
            content: "Turn on reminders for this invoice",
            trigger: ".o_field_widget[name=reminder_enabled] input[type=checkbox]",
            run: "check",
        },
        {
            content: "Plan two reminders",
            trigger: ".o_field_widget[name=reminder_max_count] input",
            run: "edit 2",
        },
        ...stepUtils.saveForm(),
        {
            content: "The coming reminders are shown",
            trigger:
                ".o_form_saved .o_field_widget[name=reminder_coming_dates]:contains(next)",
        },
    ],
});
