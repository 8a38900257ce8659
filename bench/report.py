"""Print the table of `make bench` from the results bench/run.sh collected
(one JSON object a line), with PASS/FAIL against the targets of issue #8."""

import argparse
import json
import pathlib
import re

# Targets of issue #8.
MAX_RATIO_TO_BASELINE = 1.2
MAX_QUERY_DRIFT = 0.10
MAX_QUERY_RATIO_TO_BASELINE = 1.5
MIN_SPEEDUP_OVER_PEERS = 2.0
MAX_SCAN_MS = 50
MAX_INSTALL_S = 60

PEERS = {
    "overdue": "OCA account_invoice_overdue_reminder",
    "credit": "OCA account_credit_control",
}
WIDTH = 112


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--quick", default="0")
    parser.add_argument("--n", nargs=2, type=int)
    parser.add_argument("--sizes", nargs=2, type=int)
    parser.add_argument("--warmup", type=int, default=10)
    args = parser.parse_args()
    rows = [
        json.loads(line)
        for line in pathlib.Path(args.results).read_text().splitlines()
        if line.strip()
    ]
    Report(rows, args).print()


def fmt_int(value):
    return f"{value:,}"


class Report:
    def __init__(self, rows, args):
        self.rows = rows
        self.args = args
        self.n_small, self.n_large = args.n
        self.size_small, self.size_large = args.sizes
        self.verdicts = []

    def find(self, action, **match):
        for row in self.rows:
            if row["action"] == action and all(
                str(row.get(k)) == str(v) for k, v in match.items()
            ):
                return row
        return None

    def verdict(self, name, ok, detail):
        status = "n/a " if ok is None else ("PASS" if ok else "FAIL")
        self.verdicts.append(status)
        print(f"  [{status}] {name}: {detail}")

    # === OUTPUT ===

    def print(self):
        quick = self.args.quick == "1"
        print()
        print("=" * WIDTH)
        print(
            "kolecto_dunning benchmark (issue #8)"
            + (" -- BENCH_QUICK=1 smoke run, small sizes" if quick else "")
        )
        print("=" * WIDTH)
        print(self.setup_text())
        self.print_table()
        self.print_errors()
        print()
        print("Targets")
        self.check_cron()
        self.check_peers()
        self.check_scan()
        self.check_install()
        self.print_memory()
        self.print_plan()
        total = self.find("total")
        print()
        print(
            f"{self.verdicts.count('PASS')} PASS, {self.verdicts.count('FAIL')} FAIL"
            + (f"; whole run {total['seconds'] / 60:.1f} min" if total else "")
        )

    def setup_text(self):
        populate = self.find("populate") or {}
        versions = self.find("peer_versions")
        lines = [
            "Emails queued in mail.mail (context mail_notify_force_send=False), no "
            "SMTP, on every side.",
            "PDF generation OFF on every side: each due invoice holds an already "
            "stored PDF (invoice_pdf_report_file, ~30 kB,",
            "  as invoices already sent have), which our cron reuses and attaches; "
            "the baseline and peer templates have no report",
            "  (credit_control's summary report removed from its template, "
            "overdue_reminder_attach_invoice off).",
            f"Due invoices: {fmt_int(populate.get('invoices_orm', 0))} by batched ORM "
            "create + action_post (200 a call, "
            f"{populate.get('orm_seconds', 0):.0f} s), one customer each, due 30 "
            "days ago.",
            "Filler: SQL INSERT ... SELECT FROM generate_series, copies of one posted "
            "invoice's account_move row, WITHOUT lines,",
            f"  up to {fmt_int(self.size_small)} then {fmt_int(self.size_large)} "
            "customer invoices: 60% paid (reminder_next_date NULL), 40% not due yet "
            "(in the future).",
            "Baseline: message_post_with_source(kolecto_dunning."
            "mail_template_reminder_courteous) per invoice, message_type comment,",
            "  subtype mail.mt_comment, partner_ids = the customer.",
            "Ours: env['account.move']._cron_send_due_reminders(auto_commit=False) "
            "with only the N measured invoices due.",
            "Peers: a copy of the same database with the OCA add-ons, the same N "
            "invoices overdue (one per customer: one email",
            "  each), the courteous template's subject/body/from/to copied on the "
            "peer's template, `object` -> the invoice.",
            f"Each process first runs every side on {self.args.warmup} warm-up "
            "invoices; the sides then alternate on the same N invoices,",
            "  each run rolled back; ms/email = the median run (of 2: the faster). "
            "SQL: env.cr.sql_log_count; time: perf_counter.",
        ]
        if versions:
            lines.append(f"OCA peers from PyPI: {versions['versions']}")
        missing = self.find("peers_missing")
        if missing:
            lines.append(f"OCA peers NOT MEASURED: {missing['reason']}")
        start = self.find("code", label="start")
        end = self.find("code", label="end")
        if start and end:
            lines.append(
                f"kolecto_dunning code measured: {start['hash']}"
                + (
                    ""
                    if start["hash"] == end["hash"]
                    else f" -> {end['hash']}: IT CHANGED DURING THE RUN, figures "
                    "may mix two versions"
                )
            )
        return "\n".join(lines)

    def print_table(self):
        print()
        header = (
            f"{'Measure':<38}{'invoices':>9}{'N':>6}{'emails':>7}{'ms/email':>10}"
            f"  {'runs (ms/email)':<22}{'SQL/email':>9}  {'ratio':<22}"
        )
        print(header)
        print("-" * WIDTH)
        for size in (self.size_small, self.size_large):
            for n in (self.n_small, self.n_large):
                base = self.find("cron", side="baseline", n=n, size=size)
                ours = self.find("cron", side="ours", n=n, size=size)
                ratio = ""
                if base and ours:
                    ratio = f"{1 / base['ms_ratio_to_ours']:.2f}x baseline"
                self.line("Baseline message_post_with_source", base, size, n)
                self.line("kolecto_dunning cron", ours, size, n, ratio)
                if size != self.size_small:
                    continue
                for key, name in PEERS.items():
                    peer = self.find("peer", side=key, n=n, size=size)
                    ours_there = self.find("peer", label=key, side="ours", n=n)
                    self.line(name, peer, size, n)
                    ratio = (
                        f"ours {peer['ms_ratio_to_ours']:.2f}x faster" if peer else ""
                    )
                    self.line(
                        "  kolecto_dunning cron, same process",
                        ours_there,
                        size,
                        n,
                        ratio,
                    )
            print("-" * WIDTH)
        print(
            "ratio: of the runs paired back to back in one process (median of the "
            "pairs' ratios)."
        )

    def line(self, name, row, size, n, ratio=""):
        if not row:
            print(f"{name:<38}{fmt_int(size):>9}{n:>6}  not measured (see bench.log)")
            return
        runs = "/".join(f"{ms:.1f}" for ms in row["runs_ms_per_email"])
        warn = "" if row["emails"] == row["emails_expected"] else "  EMAILS != N"
        print(
            f"{name:<38}{fmt_int(size):>9}{n:>6}{row['emails']:>7}"
            f"{row['ms_per_email']:>10.1f}  {runs:<22}{row['queries_per_email']:>9.1f}"
            f"  {ratio:<22}{warn}"
        )

    def print_errors(self):
        for row in self.rows:
            if row["action"] == "error":
                print(f"  step failed: {row['step']} on {row['db']} (see bench.log)")

    # === TARGETS ===

    def check_cron(self):
        for size in (self.size_small, self.size_large):
            where = f"{fmt_int(size)} invoices"
            for n in (self.n_small, self.n_large):
                base = self.find("cron", side="baseline", n=n, size=size)
                ours = self.find("cron", side="ours", n=n, size=size)
                if not (base and ours):
                    self.verdict(f"cron, {where}, N={n}", False, "not measured")
                    continue
                ratio = 1 / base["ms_ratio_to_ours"]
                self.verdict(
                    f"cron time/reminder <= {MAX_RATIO_TO_BASELINE}x baseline "
                    f"({where}, N={n})",
                    ratio <= MAX_RATIO_TO_BASELINE and ours["emails"] == n,
                    f"{ours['ms_per_email']:.1f} vs {base['ms_per_email']:.1f} "
                    f"ms/email; paired ratio {ratio:.2f}x",
                )
                q_ratio = ours["queries_per_email"] / base["queries_per_email"]
                self.verdict(
                    f"cron SQL/reminder <= {MAX_QUERY_RATIO_TO_BASELINE}x baseline "
                    f"({where}, N={n})",
                    q_ratio <= MAX_QUERY_RATIO_TO_BASELINE,
                    f"{ours['queries_per_email']:.2f} vs "
                    f"{base['queries_per_email']:.2f} = {q_ratio:.2f}x",
                )
            small = self.find("cron", side="ours", n=self.n_small, size=size)
            large = self.find("cron", side="ours", n=self.n_large, size=size)
            if small and large:
                drift = (
                    large["queries_per_email"] - small["queries_per_email"]
                ) / small["queries_per_email"]
                self.verdict(
                    f"cron SQL/reminder constant in N ({where}, N={self.n_small} "
                    f"vs {self.n_large}, within {MAX_QUERY_DRIFT:.0%})",
                    abs(drift) <= MAX_QUERY_DRIFT,
                    f"{small['queries_per_email']:.2f} vs "
                    f"{large['queries_per_email']:.2f} ({drift:+.1%})",
                )

    def check_peers(self):
        missing = self.find("peers_missing")
        for key, name in PEERS.items():
            target = f">= {MIN_SPEEDUP_OVER_PEERS:g}x faster per email than {name}"
            if missing:
                self.verdict(target, None, "not measured: " + missing["reason"])
                continue
            for n in (self.n_small, self.n_large):
                peer = self.find("peer", side=key, n=n)
                ours = self.find("peer", label=key, side="ours", n=n)
                if not (peer and ours):
                    self.verdict(f"{target} (N={n})", None, "not measured: step failed")
                    continue
                speedup = peer["ms_ratio_to_ours"]
                self.verdict(
                    f"{target} (N={n})",
                    speedup >= MIN_SPEEDUP_OVER_PEERS and peer["emails"] == n,
                    f"{peer['ms_per_email']:.1f} vs {ours['ms_per_email']:.1f} "
                    f"ms/email = ours {speedup:.2f}x faster ({peer['emails']} "
                    "emails each)",
                )

    def check_scan(self):
        scan = self.find("scan")
        if not scan:
            self.verdict("due-scan", False, "not measured")
            return
        plan = scan["plan"].splitlines()
        index = [
            line.strip().split("  (")[0]
            for line in plan
            if re.search(r"Index (Only )?Scan", line) and "account_move" in line
        ]
        seq = [line for line in plan if "Seq Scan on account_move " in line + " "]
        self.verdict(
            f"due-scan < {MAX_SCAN_MS} ms with an index scan "
            f"({fmt_int(scan['moves_total'])} account_move rows)",
            scan["median_ms"] < MAX_SCAN_MS and bool(index) and not seq,
            f"median {scan['median_ms']:.2f} ms of 7 runs, {scan['rows']} rows; "
            + (index[0] if index else "no index scan")
            + ("; SEQ SCAN on account_move" if seq else ""),
        )
        print(
            "         its locking form in the cron (ORDER BY reminder_next_date, id "
            f"LIMIT 100 FOR UPDATE SKIP LOCKED): median {scan['lock_median_ms']:.2f}"
            f" ms, {scan['lock_rows']} rows"
        )

    def check_install(self):
        filled = self.find("install", label="filled")
        empty = self.find("install", label="account_only")
        populate = self.find("populate_install")
        if not filled or filled["rc"] or not populate:
            self.verdict("install on a filled database", False, "failed, see log")
            return
        count = populate["filler"] + populate["invoices_orm"]
        self.verdict(
            f"install kolecto_dunning on {fmt_int(count)} invoices < "
            f"{MAX_INSTALL_S} s",
            filled["seconds"] < MAX_INSTALL_S,
            f"{filled['seconds']:.1f} s (odoo-bin -i kolecto_dunning "
            "--stop-after-init; filler rows without lines)"
            + (
                f"; on the account-only database: {empty['seconds']:.1f} s"
                if empty
                else ""
            ),
        )

    # === INFORMATION ===

    def print_memory(self):
        print()
        print(
            f"Memory (MB) of the measuring process, first run of N={self.n_large}: "
            "RSS before, peak (ru_maxrss) before -> after the call; whole "
            "process peak (/usr/bin/time)"
        )
        for size in (self.size_small, self.size_large):
            for side in ("ours", "baseline"):
                row = self.find("cron", side=side, n=self.n_large, size=size)
                if row:
                    self.memory_line(f"{side}, {fmt_int(size)} invoices", row)
        for key in PEERS:
            row = self.find("peer", side=key, n=self.n_large)
            if row:
                self.memory_line(f"{key}, {fmt_int(self.size_small)} invoices", row)

    @staticmethod
    def memory_line(name, row):
        print(
            f"  {name:<28} RSS {row['first_rss_before_mb']:.0f}; peak "
            f"{row['first_peak_rss_before_mb']:.0f} -> "
            f"{row['first_peak_rss_after_mb']:.0f} (+"
            f"{row['first_peak_rss_after_mb'] - row['first_peak_rss_before_mb']:.0f}"
            f"); process peak {row['process_peak_rss_mb']}"
        )

    def print_plan(self):
        scan = self.find("scan")
        if not scan:
            return
        print()
        print("Due-scan: the SQL of _search(_get_due_reminder_domain(today)):")
        print("  " + scan["sql"])
        print("EXPLAIN (ANALYZE, BUFFERS):")
        print("  " + scan["plan"].replace("\n", "\n  "))


if __name__ == "__main__":
    main()
