import {registry} from "@web/core/registry";
import {inputFiles} from "@web/../tests/utils";

const EDITED_TEXT = "Kolecto tour: please settle this invoice this week.";

/**
 * Adapt and send the proposed email from the Mails tab of an overdue invoice.
 * Starts on the invoice form; tests/test_tours.py checks the email sent.
 */
registry.category("web_tour.tours").add("kolecto_dunning_tour_mails_tab", {
    steps: () => [
        {
            content: "Open the Mails tab",
            trigger: ".o_form_view .o_notebook a.nav-link[name=kolecto_mails]",
            run: "click",
        },
        {
            content: "A reminder is proposed for this late invoice",
            trigger: ".o_field_widget[name=mail_draft_template_id] input",
            run() {
                if (!this.anchor.value) {
                    throw new Error("No template proposed in the Mails tab");
                }
            },
        },
        {
            content: "Change the message",
            trigger:
                ".o_field_widget[name=mail_draft_body] .odoo-editor-editable p:first",
            run: `editor ${EDITED_TEXT}`,
        },
        {
            content: "Attach a file",
            trigger: ".o_field_widget[name=mail_draft_attachment_ids] .o_attach",
            async run() {
                const file = new File(["Statement"], "kd_tour_statement.txt", {
                    type: "text/plain",
                });
                await inputFiles(
                    ".o_field_widget[name=mail_draft_attachment_ids] .o_input_file",
                    [file]
                );
            },
        },
        {
            content: "Wait for the upload to end",
            trigger:
                ".o_field_widget[name=mail_draft_attachment_ids] .o_attachment:not(.o_attachment_uploading):contains(kd_tour_statement.txt)",
        },
        {
            content: "Send the email",
            trigger: "button[name=action_mail_draft_send]",
            run: "click",
        },
        {
            content: "The email appears in the history of the tab",
            trigger: ".o_field_widget[name=mail_history_ids] .o_data_row",
        },
        {
            content: "The draft is cleared once sent",
            trigger:
                ".o_field_widget[name=mail_draft_attachment_ids]:not(:has(.o_attachment))",
        },
        {
            content: "The chatter shows the email sent",
            trigger: `.o-mail-Chatter .o-mail-Message-body:contains(${EDITED_TEXT})`,
        },
    ],
});
