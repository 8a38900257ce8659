"""Check 4: bad inputs across the module, each expecting a clear error (or
a recorded failure), nothing sent and nothing lost. Most cases run in one
`odoo-bin shell` process (odoo_scripts/bad_inputs.py), a few through XML-RPC
as real users of the server of check 5."""

import re

from check_access import acl_fixture
from support import BASE_DB, copy_db, emit, query, run_shell

DB = "kd_e2e_bad"
# What a user can act on: the message says what to fix.
USER_ERRORS = {"UserError", "ValidationError", "AccessError"}


def _judge(results, case):
    name = f"bad_inputs: {case['name']}"
    if case.get("setup_error"):
        return results.check(
            name, False, f"case could not be set up: {case['setup_error']}"
        )
    error = case["error"]
    problems = []
    if case["expected"] is None:
        if error:
            problems.append(f"unexpected {error[0]}: {error[1][:200]}")
    elif not error:
        problems.append(f"accepted, expected {case['expected']}")
    else:
        kind, message = error
        if kind != case["expected"] and not (
            case["expected"] in USER_ERRORS and kind in USER_ERRORS
        ):
            problems.append(f"{kind} instead of {case['expected']}")
        if not re.search(case["pattern"], message, re.S):
            problems.append(f"message does not match /{case['pattern']}/")
    if case["new_mails"]:
        problems.append(f"{case['new_mails']} email(s) queued")
    problems += [f"not kept: {label}" for label, ok in case.get("kept", []) if not ok]
    detail = "; ".join(problems) or (
        f"{error[0]}: {error[1].splitlines()[0][:110]}"
        if error
        else "done, as expected"
    )
    return results.check(name, not problems, detail)


def _rpc_cases(ctx):
    results = ctx.results
    acl = acl_fixture(ctx)
    setup, rpc = acl["setup"], acl["rpc"]
    moves, db = setup["moves"], acl["db"]

    def mail_count():
        return query(db, "SELECT count(*) FROM mail_mail")[0][0]

    before = mail_count()
    template_a = setup["templates"]["A"]
    fault = rpc["admin_a"].fault("mail.template", "unlink", [template_a])
    still_there = rpc["admin_a"].call(
        "mail.template", "search_count", [("id", "=", template_a)]
    )
    results.check(
        "bad_inputs/xmlrpc: deleting a template that plans use is refused clearly",
        fault is not None
        and fault[0] in USER_ERRORS
        and re.search(r"another model requires|archive", fault[1])
        and still_there == 1,
        (fault[0] + ": " + fault[1].splitlines()[-1][:200]) if fault else "deleted",
    )
    fault = rpc["billing_a"].fault(
        "account.move",
        "write",
        [moves["a1"]["id"]],
        {"reminder_email": "ap@ok.example\r\nBcc: everyone@evil.example"},
    )
    results.check(
        "bad_inputs/xmlrpc: header injection in the recipients, as a billing user",
        fault is not None and fault[0] == "UserError" and "several lines" in fault[1],
        fault[1].splitlines()[0][:160] if fault else "accepted",
    )
    fault = rpc["billing_a"].fault(
        "account.move",
        "write",
        [moves["b1"]["id"]],
        {"reminder_email": "me@company-a.example"},
    )
    results.check(
        "bad_inputs/xmlrpc: billing user of company A changing a plan of company B",
        fault is not None and fault[0] == "AccessError",
        fault[1].splitlines()[0][:160] if fault else "accepted",
    )
    fault = rpc["billing_a"].fault(
        "account.move", "write", [moves["a2"]["id"]], {"reminder_max_count": 0}
    )
    results.check(
        "bad_inputs/xmlrpc: max count 0, as a billing user",
        fault is not None and fault[0] == "UserError" and "at least one" in fault[1],
        fault[1].splitlines()[0][:160] if fault else "accepted",
    )
    results.equal(
        "bad_inputs/xmlrpc: no email queued by these calls", mail_count() - before, 0
    )


def run(ctx):
    copy_db(BASE_DB, DB)
    cases = run_shell(DB, "bad_inputs.py", {}, smtp_port=ctx.sink.port, timeout=300)
    emit(f"  {len(cases)} cases in one shell process, each in a savepoint")
    for case in cases:
        _judge(ctx.results, case)
    _rpc_cases(ctx)
