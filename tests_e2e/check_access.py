"""Check 5: two companies, each with its own plan and template; a cron run
sends for both without mixing them; who may read and edit what, through the
ORM and through XML-RPC as real users."""

import time

from check_concurrency import reminder_stats
from support import (
    BASE_DB,
    RpcUser,
    copy_db,
    emit,
    query,
    run_shell,
    start_server,
)

DB = "kd_e2e_acl"
HTTP_PORT = 8470
PASSWORD = "kd-e2e-Pass-7"


def acl_fixture(ctx):
    """The companies, users and invoices of checks 4 and 5, and a server."""
    if getattr(ctx, "acl", None):
        return ctx.acl
    tick = time.monotonic()
    copy_db(BASE_DB, DB)
    setup = run_shell(
        DB,
        "setup_access.py",
        {"pdf_path": ctx.invoice_pdf_path, "password": PASSWORD},
        smtp_port=ctx.sink.port,
    )
    server, url = start_server(DB, HTTP_PORT, ctx.sink.port)
    seconds = time.monotonic() - tick
    emit(f"  two companies, users, invoices and a server on {url}: {seconds:.1f}s")
    ctx.acl = {"setup": setup, "server": server, "url": url, "db": DB}
    ctx.acl["rpc"] = {
        key: RpcUser(url, DB, user["login"], PASSWORD)
        for key, user in setup["users"].items()
    }
    return ctx.acl


def _check_companies(ctx, setup):
    results, sink = ctx.results, ctx.sink
    moves = setup["moves"]
    results.equal(
        "access: each invoice's plan takes its company's template",
        {key: m["template_id"] for key, m in moves.items()},
        {key: setup["templates"][m["company"]] for key, m in moves.items()},
    )
    sink.clear()
    cron = run_shell(DB, "run_cron.py", {"how": "direct_trigger"}, ctx.sink.port)
    run_shell(DB, "process_mail_queue.py", {}, ctx.sink.port)
    sink.wait_for(len(moves), timeout=10)
    ids = [m["id"] for m in moves.values()]
    rows = dict(
        query(
            DB,
            "SELECT move_id, template_id FROM account_move_reminder"
            " WHERE move_id = ANY(%s) AND state = 'sent'",
            [ids],
        )
    )
    stats = reminder_stats(DB, ids)
    emit(f"  one cron run for both companies ({cron}): {stats}")
    results.equal(
        "access: one cron run reminds both companies' invoices, each with its "
        "company's template",
        {key: rows.get(m["id"]) for key, m in moves.items()},
        {key: setup["templates"][m["company"]] for key, m in moves.items()},
    )
    messages = sink.snapshot()
    for key, move in moves.items():
        letter = move["company"]
        other = "B" if letter == "A" else "A"
        mine = [
            m for m in messages if move["name"] in str(m["message"]["Subject"]).split()
        ]
        body = ""
        if len(mine) == 1:
            part = mine[0]["message"].get_body(preferencelist=("html",))
            body = part.get_content() if part else ""
        subject = str(mine[0]["message"]["Subject"]) if mine else ""
        sender = str(mine[0]["message"]["From"]) if mine else ""
        results.check(
            f"access: invoice {key} of company {letter} -> {move['email']}: "
            f"its company's subject, sender and text only",
            len(mine) == 1
            and mine[0]["rcpt_tos"] == [move["email"]]
            and subject.startswith(f"[{letter}]")
            and setup["company_emails"][letter] in sender
            and setup["company_names"][letter] in body
            and setup["company_names"][other] not in body,
            f"{len(mine)} message(s); subject {subject!r}; from {sender!r}",
        )
    return rows


def _check_rights(ctx, acl):
    results = ctx.results
    setup, rpc = acl["setup"], acl["rpc"]
    moves = setup["moves"]
    rows = query(
        DB,
        "SELECT id, company_id FROM account_move_reminder ORDER BY id",
    )
    company_ids = setup["companies"]
    rows_a = [r for r, c in rows if c == company_ids["A"]]
    rows_b = [r for r, c in rows if c == company_ids["B"]]
    found = run_shell(
        DB,
        "access_orm.py",
        {
            "user_id": setup["users"]["billing_a"]["id"],
            "company_ids": list(company_ids.values()),
            "rows_b": rows_b,
            "moves_b": [m["id"] for m in moves.values() if m["company"] == "B"],
        },
    )
    results.equal(
        "access/orm: billing user A sees company A's reminders only",
        found["search"],
        rows_a,
    )
    results.check(
        "access/orm: ...and asking for company B in the context is refused",
        found["search_all_companies"] == rows_a
        or str(found["search_all_companies"]).startswith("AccessError"),
        str(found["search_all_companies"])[:160],
    )
    results.check(
        "access/orm: billing user A cannot read company B's reminder rows",
        str(found["read_b"]).startswith("AccessError"),
        str(found["read_b"])[:160],
    )
    results.check(
        "access/orm: billing user A cannot read company B's invoice plans",
        str(found["invoice_b_reminders"]).startswith("AccessError"),
        str(found["invoice_b_reminders"])[:160],
    )

    billing_a = rpc["billing_a"]
    got = sorted(
        r["id"]
        for r in billing_a.call(
            "account.move.reminder", "search_read", [], fields=["id"]
        )
    )
    results.equal(
        "access/xmlrpc: billing user A lists company A's reminders only", got, rows_a
    )
    fault = billing_a.fault("account.move.reminder", "read", rows_b, ["email_to"])
    results.check(
        "access/xmlrpc: billing user A reading company B's reminder rows is refused",
        fault and fault[0] == "AccessError",
        fault[1].splitlines()[-1][:160] if fault else "read allowed",
    )
    results.equal(
        "access/xmlrpc: billing user B lists company B's reminders only",
        sorted(
            r["id"]
            for r in rpc["billing_b"].call(
                "account.move.reminder", "search_read", [], fields=["id"]
            )
        ),
        rows_b,
    )

    portal = rpc["portal"]
    own = moves["a1"]
    for label, model, method, args in (
        ("templates", "mail.template", "search_read", ([],)),
        (
            "the company's reminder template",
            "mail.template",
            "read",
            ([setup["templates"]["A"]], ["subject"]),
        ),
        ("reminder rows", "account.move.reminder", "search_read", ([],)),
    ):
        fault = portal.fault(model, method, *args)
        results.check(
            f"access/xmlrpc: portal user cannot read {label}",
            fault and fault[0] == "AccessError",
            fault[1].splitlines()[-1][:120] if fault else "allowed",
        )
    # The portal user may read its own invoice (the portal shows it), not the
    # dunning plan on it.
    readable = portal.call(
        "account.move", "read", [own["id"]], ["name", "amount_total"]
    )
    results.check(
        "access/xmlrpc: portal user reads its own invoice", bool(readable), ""
    )
    for field in (
        "reminder_enabled",
        "reminder_email",
        "reminder_template_id",
        "reminder_next_date",
        "reminder_ids",
        "reminder_count",
        "mail_draft_body",
    ):
        fault = portal.fault("account.move", "read", [own["id"]], [field])
        value = None
        if not fault:
            value = portal.call("account.move", "read", [own["id"]], [field])[0][field]
        results.check(
            f"access/xmlrpc: portal user cannot read {field} of its invoice",
            fault is not None,
            (
                fault[1].splitlines()[-1][:120]
                if fault
                else f"read: {str(value)[:80]!r}"
            ),
        )

    template_a = setup["templates"]["A"]
    fault = billing_a.fault(
        "mail.template", "write", [template_a], {"subject": "Pay now"}
    )
    results.check(
        "access/xmlrpc: billing user cannot edit a classified template",
        fault and fault[0] == "AccessError" and "Invoicing administrators" in fault[1],
        fault[1].splitlines()[-1][:160] if fault else "write allowed",
    )
    admin = rpc["admin_a"]
    fault = admin.fault(
        "mail.template",
        "write",
        [template_a],
        {"subject": "[A] Friendly reminder {{ object.name }}"},
    )
    subject = admin.call("mail.template", "read", [template_a], ["subject"])[0][
        "subject"
    ]
    results.check(
        "access/xmlrpc: an Invoicing administrator edits a classified template",
        fault is None and subject == "[A] Friendly reminder {{ object.name }}",
        fault[1].splitlines()[-1][:160] if fault else subject,
    )


def run(ctx):
    acl = acl_fixture(ctx)
    _check_companies(ctx, acl["setup"])
    _check_rights(ctx, acl)
