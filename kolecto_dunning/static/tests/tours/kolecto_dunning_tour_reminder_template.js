import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";
import {inputFiles} from "@web/../tests/utils";

/**
 * Create a reminder template with an attachment from Invoicing >
 * Configuration > E-mails; tests/test_tours.py checks what was saved.
 */
registry.category("web_tour.tours").add("kolecto_dunning_tour_reminder_template", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("account.menu_finance", "Open the Invoicing app"),
        {
            content: "Open the Configuration menu",
            trigger:
                '.o_main_navbar [data-menu-xmlid="account.menu_finance_configuration"]',
            run: "click",
        },
        {
            content: "Open Configuration > E-mails",
            trigger:
                '.dropdown-item[data-menu-xmlid="kolecto_dunning.mail_template_menu"]',
            run: "click",
        },
        {
            content: "The templates shipped with the module are listed, by document",
            trigger: ".o_list_view .o_group_name:contains(Invoice)",
        },
        {
            content: "Create a template",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit Tour reminder",
        },
        {
            content: "The document is an invoice by default",
            trigger:
                ".o_field_widget[name=document_type] select:has(option[value='\"invoice\"']:selected)",
        },
        {
            content: "Make it a reminder",
            trigger: ".o_field_widget[name=email_type] select",
            run: 'select "reminder"',
        },
        {
            content: "Set the delay of a reminder",
            trigger: ".o_field_widget[name=reminder_delay] input",
            run: "edit 45",
        },
        {
            content: "Write the subject",
            trigger: ".o_field_widget[name=subject] input",
            run: "edit Second reminder for {{ object.name }}",
        },
        {
            content: "Attach a file",
            trigger: ".o_field_widget[name=attachment_ids] .o_attach",
            async run() {
                const file = new File(["Our terms"], "kd_tour_terms.txt", {
                    type: "text/plain",
                });
                await inputFiles(".o_field_widget[name=attachment_ids] .o_input_file", [
                    file,
                ]);
            },
        },
        {
            content: "Wait for the upload to end",
            trigger:
                ".o_field_widget[name=attachment_ids] .o_attachment:not(.o_attachment_uploading):contains(kd_tour_terms.txt)",
        },
        ...stepUtils.saveForm(),
        {
            content: "The saved template keeps its attachment",
            trigger:
                ".o_form_saved .o_field_widget[name=attachment_ids] .o_attachment:contains(kd_tour_terms.txt)",
        },
    ],
});
