"""Check 2: two Odoo processes run the reminder cron at the same time on
1,000 due invoices; each reminder is recorded and delivered exactly once."""

import os
import time

from support import HarnessError, emit, query, run_shell, shell_result, start_shell

WORKERS = 2
BATCH_SIZE = 50


def reminder_stats(db, move_ids):
    """Rows, distinct (invoice, sequence), states, invoices reminded once,
    and the mail.mail queued for these invoices."""
    ((rows, distinct, sent, failed, moves, once),) = query(
        db,
        """SELECT count(*), count(DISTINCT (move_id, sequence)),
                  count(*) FILTER (WHERE state = 'sent'),
                  count(*) FILTER (WHERE state = 'failed'),
                  count(DISTINCT move_id),
                  (SELECT count(*) FROM (SELECT move_id FROM account_move_reminder
                    WHERE move_id = ANY(%(ids)s) GROUP BY move_id
                    HAVING count(*) = 1) AS single)
             FROM account_move_reminder WHERE move_id = ANY(%(ids)s)""",
        {"ids": move_ids},
    )
    ((mails,),) = query(
        db,
        """SELECT count(*) FROM mail_mail
             JOIN mail_message ON mail_message.id = mail_mail.mail_message_id
            WHERE mail_message.model = 'account.move'
              AND mail_message.res_id = ANY(%(ids)s)""",
        {"ids": move_ids},
    )
    return {
        "rows": rows,
        "distinct": distinct,
        "sent": sent,
        "failed": failed,
        "invoices": moves,
        "invoices_once": once,
        "mail_mail": mails,
    }


def sink_stats(sink, names):
    messages = sink.snapshot()
    subjects = [str(m["message"]["Subject"]) for m in messages]
    reminded = {name for name in names if any(name in s for s in subjects)}
    dup_ids, dup_subjects = sink.duplicates()
    unique = len(
        {(str(m["message"]["Message-Id"]), tuple(m["rcpt_tos"])) for m in messages}
    )
    return {
        "messages": len(messages),
        "unique": unique,
        "invoices": len(reminded),
        "duplicates_by_message_id": dup_ids,
        "duplicates_by_subject_recipient": dup_subjects,
    }


def start_together(ctx, db, count, params, label):
    """Start `count` cron processes; release them at the same instant once
    all of them are ready (Odoo loaded)."""
    go_file = os.path.join(ctx.work_dir, f"go-{label}")
    procs, ready_files = [], []
    for i in range(1, count + 1):
        ready_file = os.path.join(ctx.work_dir, f"ready-{label}-{i}")
        ready_files.append(ready_file)
        procs.append(
            start_shell(
                db,
                "run_cron.py",
                {**params, "ready_file": ready_file, "go_file": go_file},
                smtp_port=ctx.sink.port,
                name=f"{db}-{label}-{i}",
            )
        )
    deadline = time.monotonic() + 120
    while not all(os.path.exists(f) for f in ready_files):
        if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
            raise HarnessError(f"the {label} processes did not get ready")
        time.sleep(0.05)
    with open(go_file, "w") as go:
        go.write("go")
    return procs, time.monotonic()


def run(ctx):
    results, sink = ctx.results, ctx.sink
    db = ctx.bulk_db
    bulk = ctx.bulk_data()
    move_ids = bulk["move_ids"]
    emit(
        f"  generated {len(move_ids)} posted invoices with a stored PDF in "
        f"{bulk['seconds']}s ({bulk['timings']}; wall {bulk['wall_seconds']}s, "
        "while the other checks ran)"
    )
    results.equal(
        "concurrency: due invoices with a stored PDF",
        (bulk["due"], bulk["with_pdf"]),
        (ctx.bulk_count, ctx.bulk_count),
    )
    names = [
        name
        for (name,) in query(
            db, "SELECT name FROM account_move WHERE id = ANY(%s)", [move_ids]
        )
    ]
    sink.clear()
    procs, released = start_together(
        ctx, db, WORKERS, {"how": "method", "batch_size": BATCH_SIZE}, "workers"
    )
    workers = [shell_result(proc, timeout=600) for proc in procs]
    cron_seconds = time.monotonic() - released
    at_sink_after_cron = sink.count()
    retried = []
    for proc in procs:
        with open(proc.kd_log_path, errors="replace") as log:
            retried.append(sum("was sent by another worker" in line for line in log))
    tick = time.monotonic()
    queue = run_shell(db, "process_mail_queue.py", {}, sink.port, timeout=300)
    sink.wait_for(ctx.bulk_count, timeout=10)
    queue_seconds = time.monotonic() - tick

    starts = [w["started"] for w in workers]
    emit(
        f"  {WORKERS} cron processes (batch_size={BATCH_SIZE}) released together: "
        f"{cron_seconds:.1f}s wall; split: "
        + ", ".join(
            f"worker {i} {w['done']} reminders in {w['ended'] - w['started']:.1f}s"
            f" ({retried[i - 1]} found already sent)"
            for i, w in enumerate(workers, start=1)
        )
        + f"; start gap {abs(starts[0] - starts[1]) * 1000:.0f}ms"
    )
    emit(
        f"  messages at the SMTP server after the cron: {at_sink_after_cron} "
        f"(sent by the workers after each commit); queue: "
        f"{queue['outgoing_before']} left, sent in {queue_seconds:.1f}s; "
        f"mail.mail states {queue['states']}"
    )
    stats = reminder_stats(db, move_ids)
    emit(f"  reminder rows: {stats}")
    results.equal(
        "concurrency: work shared by both processes",
        all(w["done"] > 0 for w in workers),
        True,
        f"{[w['done'] for w in workers]}",
    )
    results.equal(
        "concurrency: reminders reported sent by the workers",
        sum(w["done"] for w in workers),
        ctx.bulk_count,
    )
    results.equal(
        "concurrency: reminder rows, all sent, one per invoice and sequence",
        (stats["rows"], stats["sent"], stats["distinct"], stats["invoices_once"]),
        (ctx.bulk_count,) * 4,
    )
    results.equal("concurrency: mail.mail queued", stats["mail_mail"], ctx.bulk_count)
    at_sink = sink_stats(sink, names)
    emit(f"  at the SMTP server: {at_sink}")
    results.equal(
        "concurrency: messages at the SMTP server, one per invoice",
        (at_sink["messages"], at_sink["invoices"]),
        (ctx.bulk_count, ctx.bulk_count),
    )
    results.equal(
        "concurrency: duplicates at the SMTP server (Message-Id, subject)",
        (
            at_sink["duplicates_by_message_id"],
            at_sink["duplicates_by_subject_recipient"],
        ),
        (0, 0),
    )
    again = run_shell(
        db, "run_cron.py", {"how": "method"}, sink.port, name=f"{db}-again"
    )
    results.equal(
        "concurrency: a third run the same day sends nothing", again["done"], 0
    )
