"""End-to-end checks of kolecto_dunning with real processes: Odoo servers,
`odoo-bin shell` workers, an SMTP server and the project's PostgreSQL.

Run by tests_e2e/run.sh, which prepares the database `kd_e2e_base` (Odoo's
`account` and kolecto_dunning installed); each check works on its own copy.
Ends with one line `e2e: N passed, N failed`.
"""

import argparse
import atexit
import os
import signal
import sys
import time
import traceback

import check_access
import check_bad_inputs
import check_concurrency
import check_crash
import check_real_mail
from smtp_sink import SmtpSink
from support import (
    BASE_DB,
    PROCESSES,
    WORK_DIR,
    HarnessError,
    Results,
    copy_db,
    drop_db,
    e2e_databases,
    emit,
    free_port,
    minimal_pdf,
    shell_result,
    start_shell,
)

BULK_DB = "kd_e2e_bulk"
CRASH_DB = "kd_e2e_crash"
BULK_COUNT = int(os.environ.get("KD_E2E_BULK", "1000"))


class Context:
    def __init__(self, results, sink):
        self.results, self.sink = results, sink
        self.work_dir = WORK_DIR
        self.invoice_pdf_path = os.path.join(WORK_DIR, "invoice.pdf")
        self.terms_path = os.path.join(WORK_DIR, "terms.pdf")
        with open(self.invoice_pdf_path, "wb") as pdf:
            pdf.write(minimal_pdf("E2E invoice (stored PDF)"))
        with open(self.terms_path, "wb") as pdf:
            pdf.write(minimal_pdf("General terms of sale") + os.urandom(2048))
        self.bulk_gen = None
        self.bulk_count = BULK_COUNT
        self.bulk_db, self.crash_db = BULK_DB, CRASH_DB

    def start_bulk_generation(self):
        """The 1,000 due invoices of checks 2 and 3, made while checks 1, 4
        and 5 run."""
        copy_db(BASE_DB, BULK_DB)
        self.bulk_gen = start_shell(
            BULK_DB,
            "gen_invoices.py",
            {
                "count": BULK_COUNT,
                "batch": 200,
                "partners": 100,
                "pdf_path": self.invoice_pdf_path,
            },
            name="kd_e2e_bulk-generate",
        )
        self.bulk_started = time.monotonic()

    def bulk_data(self):
        """Wait for the generated invoices, once; copy them for check 3."""
        if not hasattr(self, "bulk"):
            self.bulk = shell_result(self.bulk_gen, timeout=600)
            self.bulk["wall_seconds"] = round(time.monotonic() - self.bulk_started, 1)
            copy_db(BULK_DB, CRASH_DB)
        return self.bulk


CHECKS = [
    ("real_mail", check_real_mail.run),
    ("access", check_access.run),
    ("bad_inputs", check_bad_inputs.run),
    ("concurrency", check_concurrency.run),
    ("crash", check_crash.run),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", help="comma-separated check names")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    args = parser.parse_args()
    selected = [
        (name, run)
        for name, run in CHECKS
        if not args.only or name in args.only.split(",")
    ]
    atexit.register(PROCESSES.stop_all)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, lambda signum, _frame: sys.exit(128 + signum))

    for db in e2e_databases():
        drop_db(db)
    results = Results()
    sink = SmtpSink(free_port()).start()
    emit(f"SMTP server on 127.0.0.1:{sink.port}")
    started = time.monotonic()
    try:
        ctx = Context(results, sink)
        if any(name in ("concurrency", "crash") for name, _run in selected):
            ctx.start_bulk_generation()
        for name, run in selected:
            emit(f"== {name}")
            tick = time.monotonic()
            before = len(results.items)
            try:
                run(ctx)
            except Exception as error:  # noqa: BLE001 - reported as a failed check
                detail = (
                    str(error)
                    if isinstance(error, HarnessError)
                    else traceback.format_exc()
                )
                results.check(f"{name}: ran to the end", False, detail)
            passed = sum(1 for _n, ok, _d in results.items[before:] if ok)
            emit(
                f"== {name}: {passed}/{len(results.items) - before} passed "
                f"in {time.monotonic() - tick:.1f}s"
            )
    finally:
        PROCESSES.stop_all()
        sink.stop()
        if args.keep or results.failed or os.environ.get("KD_E2E_KEEP"):
            emit(f"databases kept for inspection: {', '.join(e2e_databases())}")
        else:
            for db in e2e_databases():
                drop_db(db)
    emit(f"total time {time.monotonic() - started:.0f}s; logs in {WORK_DIR}")
    emit(f"e2e: {results.passed} passed, {results.failed} failed")
    return 1 if results.failed or not results.items else 0


if __name__ == "__main__":
    sys.exit(main())
