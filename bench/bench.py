# Benchmark steps, run by bench/run.sh inside `odoo-bin shell` (which gives
# `env`); the step and its parameters come from BENCH_* environment variables.
# Each step prints one line "BENCH_RESULT <json>" for bench/report.py.
# Measuring steps roll back: the database stays as the data steps left it.
# ruff: noqa: F821 - `env` is a global of Odoo's shell
import collections
import cProfile
import json
import os
import pathlib
import pstats
import re
import resource
import statistics
import time
import traceback
from datetime import timedelta

import odoo
from odoo import Command, fields
from odoo.tools import SQL

ACTION = os.environ["BENCH_ACTION"]
LABEL = os.environ.get("BENCH_LABEL", "")
SIZE = os.environ.get("BENCH_SIZE", "")
N = int(os.environ.get("BENCH_N", "0"))
TOTAL = int(os.environ.get("BENCH_TOTAL", "0"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "10"))
REPS = int(os.environ.get("BENCH_REPS", "1"))
# The invoices the benchmark creates (customer and name prefixes).
FILLER_PREFIX = "FILL/"
CUSTOMER_EMAIL = "customer%05d@kd-bench.example"
TEMPLATE_XMLID = "kolecto_dunning.mail_template_reminder_courteous"
# Emails stay in Odoo's queue (mail.mail), on every side: no SMTP.
QUEUED = {"mail_notify_force_send": False}
# Hiding an invoice from the due-scan/overdue searches: move its dates away.
HIDE_DAYS = 3650

cr = env.cr
today = fields.Date.context_today(env["account.move"])


def emit(**values):
    print(
        "BENCH_RESULT "
        + json.dumps({"action": ACTION, "label": LABEL, "size": SIZE, **values})
    )


def maxrss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def fake_pdf(name):
    """A small valid PDF, distinct per invoice, about the size of Odoo's."""
    text = f"BT /F1 24 Tf 72 720 Td (Invoice {name}) Tj ET".encode()
    padding = (f"% kd_bench padding for {name}\n".encode()) * 900
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n" + padding
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


# === DATA ===


def create_customers(count, start=0):
    return env["res.partner"].create(
        [
            {
                "name": f"Bench Customer {i:05d}",
                "email": CUSTOMER_EMAIL % i,
                "lang": "en_US",
                "is_company": True,
            }
            for i in range(start, start + count)
        ]
    )


def create_posted_invoices(customers, batch=200):
    """Customer invoices due 30 days ago, posted through the ORM."""
    Move = env["account.move"]
    moves = Move
    for offset in range(0, len(customers), batch):
        chunk = Move.create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": customer.id,
                    "invoice_date": today - timedelta(days=60),
                    "invoice_date_due": today - timedelta(days=30),
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Consulting", "quantity": 1, "price_unit": 1200.0}
                        )
                    ],
                }
                for customer in customers[offset : offset + batch]
            ]
        )
        chunk.action_post()
        moves |= chunk
        cr.commit()
    return moves


def store_invoice_pdfs(moves):
    """What sending an invoice leaves: its PDF in invoice_pdf_report_file."""
    env["ir.attachment"].create(
        [
            {
                "name": move._get_invoice_report_filename(),
                "raw": fake_pdf(move.name),
                "mimetype": "application/pdf",
                "res_model": "account.move",
                "res_id": move.id,
                "res_field": "invoice_pdf_report_file",
            }
            for move in moves
        ]
    )
    moves.write({"is_move_sent": True})
    # And, as Odoo's sending does, the PDF becomes the main attachment (else
    # the first email with an attachment would set it, an extra write).
    env.flush_all()
    cr.execute(
        "UPDATE account_move SET message_main_attachment_id = a.id "
        "FROM ir_attachment a WHERE a.res_model = 'account.move' "
        "AND a.res_id = account_move.id AND a.res_field = 'invoice_pdf_report_file' "
        "AND account_move.id IN %s",
        [tuple(moves.ids)],
    )
    env.invalidate_all()


def add_filler(total):
    """Copy a posted invoice's row (no lines) until `total` customer invoices
    exist: 60% paid, 40% not yet due; none due for a reminder."""
    cr.execute("SELECT count(*) FROM account_move WHERE move_type = 'out_invoice'")
    missing = total - cr.fetchone()[0]
    if missing <= 0:
        return 0
    cr.execute(
        "SELECT id FROM account_move WHERE move_type = 'out_invoice' "
        "AND state = 'posted' AND name NOT LIKE %s ORDER BY id LIMIT 1",
        [FILLER_PREFIX + "%"],
    )
    source_id = cr.fetchone()[0]
    cr.execute("SELECT coalesce(max(sequence_number), 0) FROM account_move")
    first = cr.fetchone()[0] + 1
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'account_move' AND column_name != 'id'"
    )
    columns = [row[0] for row in cr.fetchall()]
    paid = "(g %% 5 < 3)"
    overrides = {
        "name": "%s || lpad(g::text, 7, '0')",
        "sequence_prefix": "%s",
        "sequence_number": "g",
        "payment_reference": "%s || lpad(g::text, 7, '0')",
        "date": "%s::date - (g %% 365)",
        "invoice_date": "%s::date - (g %% 365)",
        "invoice_date_due": f"CASE WHEN {paid} THEN %s::date - (g %% 365) "
        "ELSE %s::date + 1 + (g %% 60) END",
        "payment_state": f"CASE WHEN {paid} THEN 'paid' ELSE 'not_paid' END",
        "amount_residual": f"CASE WHEN {paid} THEN 0 ELSE amount_residual END",
        "amount_residual_signed": f"CASE WHEN {paid} THEN 0 "
        "ELSE amount_residual_signed END",
        "reminder_next_date": f"CASE WHEN {paid} THEN NULL "
        "ELSE %s::date + 8 + (g %% 60) END",
        "reminder_first_date": f"CASE WHEN {paid} THEN NULL "
        "ELSE %s::date + 8 + (g %% 60) END",
        "mail_draft_subject": "NULL",
        "mail_draft_body": "NULL",
        "access_token": "NULL",
        "message_main_attachment_id": "NULL",
    }
    params_by_column = {
        "name": [FILLER_PREFIX],
        "sequence_prefix": [FILLER_PREFIX],
        "payment_reference": [FILLER_PREFIX],
        "date": [today],
        "invoice_date": [today],
        "invoice_date_due": [today, today],
        "reminder_next_date": [today],
        "reminder_first_date": [today],
    }
    select, params = [], []
    for column in columns:
        if column in overrides:
            select.append(overrides[column])
            params += params_by_column.get(column, [])
        else:
            select.append(f'"{column}"')
    column_list = ", ".join(f'"{column}"' for column in columns)
    query = (
        f"INSERT INTO account_move ({column_list}) "
        f"SELECT {', '.join(select)} FROM account_move, "
        "generate_series(%s, %s) AS g WHERE account_move.id = %s"
    )
    cr.execute(query, [*params, first, first + missing - 1, source_id])
    return missing


def action_populate():
    """The database of the cron and baseline runs: N_MAX due invoices with a
    stored PDF (plus the warm-up ones), then the filler up to TOTAL."""
    start = time.perf_counter()
    company = env.company
    company.write(
        {
            "email": "billing@kd-bench.example",
            "reminder_auto_enable": True,
            "reminder_template_id": env.ref(TEMPLATE_XMLID).id,
        }
    )
    customers = create_customers(N + WARMUP)
    cr.commit()
    moves = create_posted_invoices(customers)
    created = time.perf_counter() - start
    store_invoice_pdfs(moves)
    cr.commit()
    due = env["account.move"].search_count(
        env["account.move"]._get_due_reminder_domain(today)
    )
    filler = add_filler(TOTAL)
    cr.commit()
    # Statistics are transactional: committed, as autovacuum's would be.
    cr.execute("ANALYZE")
    cr.commit()
    emit(
        due=due,
        invoices_orm=len(moves),
        orm_seconds=created,
        filler=filler,
        seconds=time.perf_counter() - start,
    )


def action_filler():
    start = time.perf_counter()
    filler = add_filler(TOTAL)
    cr.commit()
    # Statistics are transactional: committed, as autovacuum's would be.
    cr.execute("ANALYZE")
    cr.commit()
    emit(filler=filler, seconds=time.perf_counter() - start)


def action_populate_install():
    """A database without kolecto_dunning holding TOTAL customer invoices."""
    start = time.perf_counter()
    customers = create_customers(1)
    moves = create_posted_invoices(customers)
    filler = add_filler(TOTAL)
    cr.commit()
    # Statistics are transactional: committed, as autovacuum's would be.
    cr.execute("ANALYZE")
    cr.commit()
    emit(invoices_orm=len(moves), filler=filler, seconds=time.perf_counter() - start)


# === MEASURES ===


def bench_invoices():
    """The benchmark's due invoices, oldest first: the warm-up ones, the N
    measured, and the others (not due during the measure)."""
    moves = env["account.move"].search(
        [
            ("move_type", "=", "out_invoice"),
            ("partner_id.email", "=like", "customer%@kd-bench.example"),
            ("name", "not like", FILLER_PREFIX + "%"),
        ],
        order="id",
    )
    assert len(moves) >= WARMUP + N, f"{len(moves)} bench invoices, need {WARMUP + N}"
    return moves[:WARMUP], moves[WARMUP : WARMUP + N], moves[WARMUP + N :]


def shift(moves, days, columns):
    """Move dates of `moves` by `days` (in SQL, outside any measure)."""
    if not moves:
        return
    env.flush_all()
    for table, column in columns:
        cr.execute(
            SQL(
                "UPDATE %s SET %s = %s + %s WHERE %s IN %s",
                SQL.identifier(table),
                SQL.identifier(column),
                SQL.identifier(column),
                days,
                SQL.identifier("move_id" if table == "account_move_line" else "id"),
                tuple(moves.ids),
            )
        )
    env.invalidate_all()


REMINDER_DATES = [("account_move", "reminder_next_date")]
DUE_DATES = [
    ("account_move", "invoice_date_due"),
    ("account_move_line", "date_maturity"),
]


class NoProfiler:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


PROFILER = NoProfiler()


def count_mails():
    cr.execute("SELECT count(*) FROM mail_mail")
    return cr.fetchone()[0]


def measure(call, emails_expected):
    """Time, queries, memory and queued emails of call(), then roll back."""
    env.flush_all()
    mails_before = count_mails()
    rss_before, peak_before = current_rss_mb(), maxrss_mb()
    queries_before = cr.sql_log_count
    start = time.perf_counter()
    with PROFILER:
        call()
        env.flush_all()
    seconds = time.perf_counter() - start
    queries = cr.sql_log_count - queries_before
    peak_after = maxrss_mb()
    emails = count_mails() - mails_before
    cr.rollback()
    return {
        "emails": emails,
        "emails_expected": emails_expected,
        "seconds": seconds,
        "queries": queries,
        "ms_per_email": 1000 * seconds / max(emails, 1),
        "queries_per_email": queries / max(emails, 1),
        "rss_before_mb": rss_before,
        "peak_rss_before_mb": peak_before,
        "peak_rss_after_mb": peak_after,
    }


def summarize(runs):
    """The median run by time; every run's time and queries kept."""
    median = sorted(runs, key=lambda run: run["seconds"])[(len(runs) - 1) // 2]
    return {
        **median,
        "runs_ms_per_email": [round(run["ms_per_email"], 1) for run in runs],
        "runs_queries": [run["queries"] for run in runs],
        # Memory: the first run of the process (the later ones reuse its peak).
        "first_peak_rss_before_mb": runs[0]["peak_rss_before_mb"],
        "first_peak_rss_after_mb": runs[0]["peak_rss_after_mb"],
        "first_rss_before_mb": runs[0]["rss_before_mb"],
    }


class Ours:
    """kolecto_dunning's cron, with only `moves` due."""

    name = "ours"

    def __init__(self, everything):
        self.everything = everything
        self.Move = env["account.move"].with_context(**QUEUED)

    def run(self, moves):
        shift(self.everything - moves, HIDE_DAYS, REMINDER_DATES)
        due = self.Move.search_count(self.Move._get_due_reminder_domain(today))
        assert due == len(moves), f"{due} due reminders, expected {len(moves)}"
        return measure(
            lambda: self.Move._cron_send_due_reminders(auto_commit=False), len(moves)
        )


class Baseline:
    """Odoo's message_post_with_source of the same template, one per invoice."""

    name = "baseline"

    def __init__(self, everything):
        self.template = env.ref(TEMPLATE_XMLID)
        assert not self.template.report_template_ids, "the template has a report"

    def post(self, moves):
        for move in moves.with_context(**QUEUED):
            move.message_post_with_source(
                self.template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=move.partner_id.ids,
            )

    def run(self, moves):
        return measure(lambda: self.post(moves), len(moves))


class OverdueReminder:
    """OCA account_invoice_overdue_reminder: its start wizard in mass mode,
    then the mass validation of every proposed reminder, as a user does."""

    name = "overdue"

    def __init__(self, everything):
        self.everything = everything

    def send(self):
        Env = env(context=dict(env.context, **QUEUED))
        wizard = Env["overdue.reminder.start"].create(
            {
                "interface": "mass",
                "partner_policy": "invoice_contact",
                "start_days": 0,
                "min_interval_days": 1,
            }
        )
        wizard.run()
        steps = Env["overdue.reminder.step"].search(
            [("user_id", "=", env.uid), ("state", "=", "draft")]
        )
        Env["overdue.reminder.mass.update"].with_context(
            active_model="overdue.reminder.step", active_ids=steps.ids
        ).create({"update_action": "validate"}).run()

    def run(self, moves):
        # Only `moves` overdue: the others' due dates move to the future.
        shift(self.everything - moves, HIDE_DAYS, DUE_DATES)
        return measure(self.send, len(moves))


class CreditControl(OverdueReminder):
    """OCA account_credit_control: a credit control run (lines), the lines set
    ready, then its email channel (communications, one email each)."""

    name = "credit"

    def send(self):
        Env = env(context=dict(env.context, **QUEUED))
        run = Env["credit.control.run"].create(
            {
                "date": today,
                "policy_ids": [Command.set(env.company.credit_policy_id.ids)],
            }
        )
        run.generate_credit_lines()
        run.set_to_ready_lines()
        run.run_channel_action()


def compare(sides, reps):
    """Warm each side up on the warm-up invoices, then measure them in turn,
    `reps` times (order alternated), each run rolled back: the sides share
    the machine's load of the moment."""
    warmup, measured, others = bench_invoices()
    everything = warmup | measured | others
    runners = [side(everything) for side in sides]
    for runner in runners:
        runner.run(warmup)
    results = {runner.name: [] for runner in runners}
    for rep in range(reps):
        for runner in runners if rep % 2 == 0 else runners[::-1]:
            results[runner.name].append(runner.run(measured))
    total = env["account.move"].search_count([("move_type", "=", "out_invoice")])
    for name, runs in results.items():
        row = summarize(runs)
        if name != "ours" and "ours" in results:
            # The median of the paired ratios (each pair ran back to back).
            row["ms_ratio_to_ours"] = statistics.median(
                other["ms_per_email"] / mine["ms_per_email"]
                for mine, other in zip(results["ours"], runs, strict=True)
            )
        emit(side=name, n=N, reps=reps, invoices_total=total, **row)


def action_cron():
    compare([Ours, Baseline], REPS)


def action_peer():
    peer = {"overdue": OverdueReminder, "credit": CreditControl}[LABEL]
    compare([peer, Ours], REPS)


def action_scan():
    """The due-scan on the whole table: timing (median) and plan."""
    Move = env["account.move"]
    query = Move._search(Move._get_due_reminder_domain(today))
    select = query.select()
    lock = SQL(
        "%s FOR UPDATE OF account_move SKIP LOCKED",
        Move._search(
            Move._get_due_reminder_domain(today),
            order="reminder_next_date, id",
            limit=100,
        ).select(),
    )
    timings = {}
    for name, sql in (("scan", select), ("lock", lock)):
        runs = []
        for _i in range(7):
            start = time.perf_counter()
            cr.execute(sql)
            rows = len(cr.fetchall())
            runs.append(1000 * (time.perf_counter() - start))
            cr.rollback()
        timings[name] = (statistics.median(runs), rows)
    cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS) %s", select))
    plan = "\n".join(row[0] for row in cr.fetchall())
    cr.execute("SELECT count(*) FROM account_move")
    emit(
        median_ms=timings["scan"][0],
        rows=timings["scan"][1],
        lock_median_ms=timings["lock"][0],
        lock_rows=timings["lock"][1],
        sql=cr.mogrify(select).decode(),
        plan=plan,
        moves_total=cr.fetchone()[0],
    )
    cr.rollback()


# === PEERS ===


def adapt_template(peer_template, invoice_expr, model):
    """The courteous reminder's text on the peer's template, its `object`
    being the peer's record: the invoice is reached through it."""
    source = env.ref(TEMPLATE_XMLID)
    values = {}
    for fname in ("subject", "body_html", "email_from", "partner_to", "lang"):
        values[fname] = (source[fname] or "").replace("object.", invoice_expr + ".")
    peer_template.write(
        {
            **values,
            "model_id": env["ir.model"]._get_id(model),
            "report_template_ids": [Command.clear()],
            "attachment_ids": [Command.clear()],
            "auto_delete": source.auto_delete,
        }
    )


def action_peer_setup():
    company = env.company
    # PDF generation off, as on our side (our cron reuses the stored PDF).
    company.overdue_reminder_attach_invoice = False
    adapt_template(
        env.ref(
            "account_invoice_overdue_reminder.overdue_invoice_reminder_mail_template"
        ),
        "object.invoice_ids[:1]",
        "overdue.reminder.step",
    )
    policy = env.ref("account_credit_control.credit_control_3_time")
    receivable = env["account.account"].search(
        [("account_type", "=", "asset_receivable"), ("company_ids", "in", company.id)]
    )
    policy.account_ids = [Command.set(receivable.ids)]
    company.credit_policy_id = policy
    for level in policy.level_ids:
        level.mail_show_invoice_detail = False
    adapt_template(
        env.ref("account_credit_control.email_template_credit_control_base"),
        "object.credit_control_line_ids[:1].invoice_id",
        "credit.control.communication",
    )
    cr.commit()
    emit(policy=policy.name, levels=len(policy.level_ids))


# === PROFILE ===


class Profiler:
    """cProfile and the SQL queries by call site, around the measured call."""

    def __init__(self):
        self.profile = cProfile.Profile()
        self.sites = collections.Counter()
        self.queries = 0

    def __enter__(self):
        execute = self.execute = odoo.sql_db.Cursor.execute
        sites = self.sites

        def counting_execute(cursor, query, *args, **kwargs):
            code = query.code if isinstance(query, SQL) else str(query)
            statement = re.sub(r"\s+", " ", code)[:72]
            sites[(*self.call_site(), statement)] += 1
            return execute(cursor, query, *args, **kwargs)

        odoo.sql_db.Cursor.execute = counting_execute
        self.profile.enable()
        return self

    def __exit__(self, *exc):
        self.profile.disable()
        odoo.sql_db.Cursor.execute = self.execute
        return False

    @staticmethod
    def call_site():
        """(the innermost frame of kolecto_dunning and what it called, the
        innermost frame of an Odoo add-on other than base)."""
        stack = traceback.extract_stack()[:-2]
        names = [f"{pathlib.Path(f.filename).name}:{f.name}" for f in stack]
        ours = addon = "-"
        kolecto = [
            index
            for index, frame in enumerate(stack)
            if "/kolecto_dunning/" in frame.filename
        ]
        if kolecto:
            innermost = kolecto[-1]
            callee = names[innermost + 1] if innermost + 1 < len(stack) else "-"
            ours = " > ".join(
                f"{names[index]}:{stack[index].lineno}" for index in kolecto[-2:]
            )
            ours += f" -> {callee}"
        for index in range(len(stack) - 1, -1, -1):
            filename = stack[index].filename
            if "/addons/" in filename and "/base/" not in filename:
                addon = names[index]
                break
        return ours, addon

    def report(self, title, emails, top=30):
        total = sum(self.sites.values())
        for part, what in enumerate(("kolecto_dunning frame", "add-on frame")):
            print(f"--- {title}: {total} queries for {emails} emails, by {what}")
            sites = collections.Counter()
            for site, count in self.sites.items():
                sites[site[part]] += count
            for site, count in sites.most_common(top):
                print(f"{count / emails:8.2f}/email {count / total:6.1%}  {site}")
                if part or count / emails < 2:
                    continue
                statements = collections.Counter()
                for key, number in self.sites.items():
                    if key[0] == site:
                        statements[key[2]] += number
                for statement, number in statements.most_common(8):
                    print(f"{'':22}{number / emails:6.2f}/email  {statement}")
        stats = pstats.Stats(self.profile)
        total_time = max(
            cumulative for (_c, _n, _t, cumulative, _callers) in stats.stats.values()
        )
        rows = []
        for (filename, _line, func), (
            _cc,
            _nc,
            _tt,
            cumulative,
            _c,
        ) in stats.stats.items():
            if "/kolecto_dunning/" in filename or re.search(
                r"/addons/(mail|account)/models/(mail_thread|mail_template|"
                r"mail_render_mixin|account_move_send|mail_compose_message|"
                r"ir_attachment)",
                filename,
            ):
                rows.append((cumulative, f"{filename.split('/addons/')[-1]}:{func}"))
        print(f"--- {title}: cumulative time (cProfile, {total_time:.2f} s in all)")
        for cumulative, name in sorted(rows, reverse=True)[:top]:
            print(f"{cumulative:8.2f} s {cumulative / total_time:6.1%}  {name}")


def action_profile():
    global PROFILER
    warmup, measured, others = bench_invoices()
    everything = warmup | measured | others
    for side in (Ours, Baseline):
        runner = side(everything)
        runner.run(warmup)
        PROFILER = Profiler()
        result = runner.run(measured)
        PROFILER.report(side.__name__, result["emails"])
        PROFILER = NoProfiler()


{
    "profile": action_profile,
    "populate": action_populate,
    "filler": action_filler,
    "populate_install": action_populate_install,
    "cron": action_cron,
    "scan": action_scan,
    "peer_setup": action_peer_setup,
    "peer": action_peer,
}[ACTION]()
