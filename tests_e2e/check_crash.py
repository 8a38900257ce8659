"""Check 3: kill -9 in the middle of the reminder cron, and in the middle of
Odoo's mail queue; what is recorded, lost or doubled, measured."""

import os
import signal
import time

from check_concurrency import reminder_stats, sink_stats
from support import PROCESSES, HarnessError, emit, query, run_shell, start_shell

CRON_INVOICES = 500
CRON_BATCH = 25


def _kill_when(proc, count_fn, low, high, timeout=300):
    """kill -9 `proc` as soon as low <= count_fn() < high; the count then."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        count = count_fn()
        if low <= count < high:
            PROCESSES.kill(proc)
            return count
        if proc.poll() is not None:
            raise HarnessError(
                f"{proc.kd_name} ended (count {count}) before it could be killed "
                f"between {low} and {high}"
            )
        time.sleep(0.02)
    PROCESSES.kill(proc)
    raise HarnessError(f"{proc.kd_name}: count never reached {low} in {timeout}s")


def _row_count(db, move_ids):
    return query(
        db,
        "SELECT count(*) FROM account_move_reminder WHERE move_id = ANY(%s)",
        [move_ids],
    )[0][0]


def _mail_states(db, move_ids):
    return dict(
        query(
            db,
            """SELECT mail_mail.state, count(*) FROM mail_mail
                 JOIN mail_message ON mail_message.id = mail_mail.mail_message_id
                WHERE mail_message.model = 'account.move'
                  AND mail_message.res_id = ANY(%s)
             GROUP BY mail_mail.state""",
            [move_ids],
        )
    )


def _enable_only(db, move_ids):
    """Keep the reminder plan of these invoices only (generated data)."""
    query(
        db,
        """UPDATE account_move SET reminder_enabled = false,
                  reminder_next_date = NULL
            WHERE reminder_enabled AND NOT id = ANY(%s) RETURNING id""",
        [move_ids],
    )
    query(
        db,
        """UPDATE account_move SET reminder_enabled = true,
                  reminder_next_date = reminder_first_date
            WHERE id = ANY(%s) RETURNING id""",
        [move_ids],
    )


def check_cron_kill(ctx, db, move_ids):
    results, sink = ctx.results, ctx.sink
    total = len(move_ids)
    _enable_only(db, move_ids)
    names = [
        n
        for (n,) in query(
            db, "SELECT name FROM account_move WHERE id = ANY(%s)", [move_ids]
        )
    ]
    sink.clear()
    proc = start_shell(
        db,
        "run_cron.py",
        {"how": "method", "batch_size": CRON_BATCH},
        sink.port,
        name=f"{db}-cron-killed",
    )
    at_kill = _kill_when(
        proc, lambda: _row_count(db, move_ids), 2 * CRON_BATCH, total - 4 * CRON_BATCH
    )
    time.sleep(0.5)
    committed = _row_count(db, move_ids)
    states = _mail_states(db, move_ids)
    emit(
        f"  cron killed (-9) with {at_kill} reminder rows committed "
        f"({committed} after the kill, batches of {CRON_BATCH}); mail.mail "
        f"{states}; {sink.count()} messages already at the SMTP server"
    )
    results.check(
        "crash/cron: killed in the middle",
        0 < committed < total,
        f"{committed}/{total}",
    )
    rerun = run_shell(
        db,
        "run_cron.py",
        {"how": "method", "batch_size": CRON_BATCH},
        sink.port,
        name=f"{db}-cron-rerun",
    )
    stats = reminder_stats(db, move_ids)
    emit(f"  after the rerun ({rerun['done']} sent by it): {stats}")
    results.equal(
        "crash/cron: the rerun sends what was not committed",
        rerun["done"],
        total - committed,
    )
    results.equal(
        "crash/cron: one reminder per due invoice, none lost, none doubled",
        (
            stats["rows"],
            stats["sent"],
            stats["distinct"],
            stats["invoices_once"],
            stats["mail_mail"],
        ),
        (total,) * 5,
    )
    queue = run_shell(
        db, "process_mail_queue.py", {}, sink.port, name=f"{db}-queue-after-cron"
    )
    sink.wait_for(total, timeout=10)
    at_sink = sink_stats(sink, names)
    emit(
        f"  queue after the rerun: {queue['outgoing_before']} left in it; "
        f"at the SMTP server: {at_sink}"
    )
    results.equal(
        "crash/cron: every invoice's reminder at the SMTP server",
        (at_sink["unique"], at_sink["invoices"]),
        (total, total),
    )
    results.check(
        "crash/cron: duplicates at the SMTP server (bound: 1 per crash)",
        at_sink["duplicates_by_message_id"] <= 1,
        f"{at_sink['duplicates_by_message_id']} duplicate(s) for 1 crash",
    )
    return at_sink["duplicates_by_message_id"]


def check_queue_kill(ctx, db, move_ids):
    """Reminders queued (not sent after the commit), then the queue killed
    twice: once exactly between the SMTP "250" and the commit, once at a
    random point."""
    results, sink = ctx.results, ctx.sink
    total = len(move_ids)
    _enable_only(db, move_ids)
    queued = run_shell(
        db,
        "run_cron.py",
        {"how": "method", "batch_size": 100, "queue_only": True},
        sink.port,
        name=f"{db}-cron-queue-only",
    )
    states = _mail_states(db, move_ids)
    results.equal(
        "crash/queue: reminders queued",
        (queued["done"], states),
        (total, {"outgoing": total}),
    )
    names = [
        n
        for (n,) in query(
            db, "SELECT name FROM account_move WHERE id = ANY(%s)", [move_ids]
        )
    ]
    sink.clear()

    # 1. Killed when the SMTP server has the whole message, before Odoo
    #    hears the "250" and commits the mail as sent.
    handoff_at = total // 5
    proc = start_shell(
        db, "process_mail_queue.py", {}, sink.port, name=f"{db}-queue-killed-handoff"
    )

    def kill_at_handoff(count):
        if count == handoff_at:
            sink.on_message = None
            os.killpg(proc.pid, signal.SIGKILL)

    sink.on_message = kill_at_handoff
    try:
        PROCESSES.wait(proc, timeout=300)
    finally:
        sink.on_message = None
    sent_1 = _mail_states(db, move_ids).get("sent", 0)
    received_1 = sink.count()
    emit(
        f"  queue killed at the hand-off of message {handoff_at}: {received_1} "
        f"received, {sent_1} marked sent in Odoo"
    )

    # 2. Killed at a random point, watching the SMTP server's count.
    proc = start_shell(
        db, "process_mail_queue.py", {}, sink.port, name=f"{db}-queue-killed-random"
    )
    killed_at = _kill_when(
        proc, sink.count, received_1 + total // 5, total - total // 5
    )
    time.sleep(0.3)
    sent_2 = _mail_states(db, move_ids).get("sent", 0)
    received_2 = sink.count()
    emit(
        f"  queue killed at a random point: {received_2} received (kill at "
        f"{killed_at}), {sent_2} marked sent in Odoo"
    )

    # 3. The last run sends the rest.
    final = run_shell(
        db, "process_mail_queue.py", {}, sink.port, name=f"{db}-queue-final"
    )
    sink.wait_for(total, timeout=10)
    at_sink = sink_stats(sink, names)
    emit(
        f"  after the last run ({final['outgoing_before']} were left): {at_sink}; "
        f"mail.mail {final['states']}"
    )
    results.equal(
        "crash/queue: no reminder lost (each invoice's message received)",
        (at_sink["unique"], at_sink["invoices"]),
        (total, total),
    )
    results.equal(
        "crash/queue: kill between SMTP hand-off and commit -> that message sent twice",
        received_1 - sent_1,
        1,
        "the message the SMTP server had accepted was not marked sent",
    )
    results.check(
        "crash/queue: duplicates at the SMTP server within the bound (1 per crash)",
        at_sink["duplicates_by_message_id"] <= 2,
        f"{at_sink['duplicates_by_message_id']} duplicate(s) for 2 crashes",
    )
    return at_sink["duplicates_by_message_id"]


def run(ctx):
    ctx.bulk_data()
    db = ctx.crash_db
    move_ids = [
        row[0]
        for row in query(
            db,
            "SELECT id FROM account_move WHERE move_type = 'out_invoice'"
            " AND reminder_enabled ORDER BY id",
        )
    ]
    if len(move_ids) < 2 * CRON_INVOICES:
        raise HarnessError(
            f"{db} has {len(move_ids)} due invoices, {2 * CRON_INVOICES} needed"
        )
    cron_dups = check_cron_kill(ctx, db, move_ids[:CRON_INVOICES])
    queue_dups = check_queue_kill(ctx, db, move_ids[CRON_INVOICES : 2 * CRON_INVOICES])
    emit(
        f"  measured: cron crash -> {cron_dups} duplicate(s); mail queue crashes -> "
        f"{queue_dups} duplicate(s) for 2 kills (1 forced at the hand-off)"
    )
