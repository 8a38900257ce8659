"""Check 1: reminders go out as real emails, through a real Odoo server and
an SMTP server, with the invoice PDF and the template's attachment."""

import os
import time

from support import (
    BASE_DB,
    PROCESSES,
    ROOT,
    copy_db,
    emit,
    query,
    run_shell,
    start_server,
)

DB = "kd_e2e_mail"
HTTP_PORT = 8469


def _attachments(message):
    return [
        (
            part.get_filename(),
            part.get_content_type(),
            part.get_payload(decode=True) or b"",
        )
        for part in message.iter_attachments()
    ]


def _html(message):
    part = message.get_body(preferencelist=("html",))
    return part.get_content() if part else ""


def run(ctx):
    results, sink = ctx.results, ctx.sink
    started = time.monotonic()
    copy_db(BASE_DB, DB)
    server, url = start_server(DB, HTTP_PORT, sink.port)
    emit(f"  Odoo server of {DB} answers on {url} ({time.monotonic() - started:.1f}s)")
    try:
        setup = run_shell(
            DB,
            "setup_real_mail.py",
            {"url": url, "terms_path": ctx.terms_path},
            smtp_port=sink.port,
        )
        invoices = setup["invoices"]
        results.equal("real_mail: due invoices", len(setup["due_ids"]), len(invoices))
        sink.clear()
        tick = time.monotonic()
        run_shell(DB, "run_cron.py", {"how": "direct_trigger"}, sink.port, timeout=300)
        cron_seconds = time.monotonic() - tick
        sent_by_cron = sink.count()
        tick = time.monotonic()
        queue = run_shell(DB, "process_mail_queue.py", {}, sink.port, timeout=120)
        expected = sum(len(invoice["emails"]) for invoice in invoices)
        received = sink.wait_for(expected, timeout=10)
        emit(
            f"  cron (scheduled action, real commits, PDFs by wkhtmltopdf): "
            f"{cron_seconds:.1f}s; messages at the SMTP server after the cron: "
            f"{sent_by_cron}; left in Odoo's queue: {queue['outgoing_before']}, "
            f"sent by the queue in {time.monotonic() - tick:.1f}s; "
            f"mail.mail states: {queue['states']}"
        )
    finally:
        PROCESSES.stop(server)

    results.equal(
        "real_mail: messages received (one per recipient)", received, expected
    )
    rows = query(
        DB,
        "SELECT move_id, sequence, state, template_id, mail_message_id IS NOT NULL"
        " FROM account_move_reminder ORDER BY move_id",
    )
    results.equal(
        "real_mail: reminder rows (move, sequence, state, template, message)",
        rows,
        [
            (invoice["id"], 1, "sent", setup["template_id"], True)
            for invoice in invoices
        ],
    )
    dup_ids, dup_subjects = sink.duplicates()
    results.equal(
        "real_mail: duplicates at the SMTP server", (dup_ids, dup_subjects), (0, 0)
    )

    with open(ctx.terms_path, "rb") as terms_file:
        terms = terms_file.read()
    messages = sink.snapshot()
    fr_po = os.path.join(ROOT, "kolecto_dunning", "i18n", "fr.po")
    french_expected = (
        os.path.exists(fr_po) and setup["subject_fr"] != setup["subject_en"]
    )
    for invoice in invoices:
        label = f"real_mail: {invoice['partner']} ({invoice['lang']})"
        mine = [
            m
            for m in messages
            if invoice["name"] in str(m["message"]["Subject"]).split()
        ]
        got_rcpts = sorted(r for m in mine for r in m["rcpt_tos"])
        if not results.equal(
            f"{label}: recipients", got_rcpts, sorted(invoice["emails"])
        ):
            continue
        for item in mine:
            message = item["message"]
            rcpt = item["rcpt_tos"][0]
            results.check(
                f"{label} -> {rcpt}: To header",
                rcpt in str(message["To"]),
                str(message["To"]),
            )
            subject = str(message["Subject"])
            html = _html(message)
            if invoice["lang"] == "fr_FR" and french_expected:
                results.check(
                    f"{label}: subject in French",
                    subject.startswith(setup["subject_fr"].split("{{")[0].strip()),
                    subject,
                )
            elif invoice["lang"] == "fr_FR":
                results.check(
                    f"{label}: delivered (no French translation: "
                    "kolecto_dunning/i18n/fr.po is missing, the text is English)",
                    subject == f"Reminder: invoice {invoice['name']} is overdue",
                    subject,
                )
            else:
                results.equal(
                    f"{label}: subject",
                    subject,
                    f"Reminder: invoice {invoice['name']} is overdue",
                )
            if invoice["lang"] != "fr_FR" or not french_expected:
                results.check(
                    f"{label}: template body",
                    "we have not yet received payment" in html
                    and invoice["partner"] in html,
                    f"{len(html)} characters of HTML",
                )
            attachments = _attachments(message)
            pdf_name = invoice["name"].replace("/", "_") + ".pdf"
            pdfs = [a for a in attachments if a[0] == pdf_name]
            results.check(
                f"{label}: invoice PDF {pdf_name}",
                len(pdfs) == 1
                and pdfs[0][1] == "application/pdf"
                and pdfs[0][2].startswith(b"%PDF")
                and len(pdfs[0][2]) > 5000,
                ", ".join(f"{n} {t} {len(d)} bytes" for n, t, d in attachments),
            )
            terms_parts = [a for a in attachments if a[0] == "terms.pdf"]
            results.check(
                f"{label}: template attachment terms.pdf intact",
                len(terms_parts) == 1 and terms_parts[0][2] == terms,
                f"{len(terms_parts)} part(s), "
                f"{len(terms_parts[0][2]) if terms_parts else 0}/{len(terms)} bytes",
            )
