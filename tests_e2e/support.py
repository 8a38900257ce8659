"""Processes, databases and results of the end-to-end harness.

Everything the harness starts (Odoo servers, `odoo-bin shell` processes) runs
in its own process group, registered here and in a pid file, so that it is
stopped at exit, even when the harness itself is killed (run.sh reads the
pid file in its trap).
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import xmlrpc.client
from contextlib import contextmanager, suppress

import psycopg2
from psycopg2 import sql

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
VENV = os.environ.get("VENV", os.path.join(ROOT, ".venv"))
ODOO_SRC = os.environ.get("ODOO_SRC", os.path.expanduser("~/src/odoo-18.0"))
RUN_DIR = os.path.join(ROOT, ".run")
ODOO_CONF = os.environ.get("ODOO_CONF", os.path.join(RUN_DIR, "odoo.conf"))
WORK_DIR = os.environ.get("KD_E2E_WORK", os.path.join(RUN_DIR, "e2e"))
FILESTORE = os.path.join(RUN_DIR, "data", "filestore")
PID_FILE = os.path.join(WORK_DIR, "pids")
BASE_DB = os.environ.get("KD_E2E_BASE_DB", "kd_e2e_base")
RESULT_MARK = "KD_E2E_RESULT "


def emit(text=""):
    """The harness's output: one line, flushed (the runs take minutes)."""
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()


class HarnessError(Exception):
    """A step of a check could not run (a process failed, a time-out)."""


# === RESULTS ===


class Results:
    """Named checks with their outcome, printed as they come."""

    def __init__(self):
        self.items = []

    def check(self, name, ok, detail=""):
        self.items.append((name, bool(ok), detail))
        emit(
            f"  [{'PASS' if ok else 'FAIL'}] {name}" + (f": {detail}" if detail else "")
        )
        return bool(ok)

    def equal(self, name, got, expected, detail=""):
        ok = got == expected
        text = f"{got!r}" if ok else f"got {got!r}, expected {expected!r}"
        return self.check(name, ok, f"{text}{'; ' + detail if detail else ''}")

    @property
    def passed(self):
        return sum(1 for _name, ok, _detail in self.items if ok)

    @property
    def failed(self):
        return sum(1 for _name, ok, _detail in self.items if not ok)


# === PROCESSES ===


class Processes:
    """The process groups the harness started, stopped at exit."""

    def __init__(self):
        self.running = {}
        os.makedirs(WORK_DIR, exist_ok=True)

    def start(self, name, cmd, log_path, stdin_text=None, env=None):
        log = open(log_path, "w")  # noqa: SIM115 - closed in wait()/stop()
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE if stdin_text is not None else subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            start_new_session=True,
            text=True,
        )
        proc.kd_name, proc.kd_log, proc.kd_log_path = name, log, log_path
        self.running[proc.pid] = proc
        self._write_pid_file()
        if stdin_text is not None:
            proc.stdin.write(stdin_text)
            proc.stdin.close()
        return proc

    def wait(self, proc, timeout):
        try:
            rc = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired as error:
            self.kill(proc)
            raise HarnessError(
                f"{proc.kd_name} did not finish within {timeout}s "
                f"(killed; log: {proc.kd_log_path})"
            ) from error
        self._forget(proc)
        return rc

    def kill(self, proc, sig=signal.SIGKILL):
        """Kill the whole process group (Odoo forks wkhtmltopdf)."""
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        self._forget(proc)

    def stop(self, proc):
        """Ask nicely (Odoo stops on SIGTERM), then kill."""
        if proc.poll() is None:
            with suppress(ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=20)
        self.kill(proc)

    def stop_all(self):
        for proc in list(self.running.values()):
            self.stop(proc)

    def _forget(self, proc):
        self.running.pop(proc.pid, None)
        if not proc.kd_log.closed:
            proc.kd_log.close()
        self._write_pid_file()

    def _write_pid_file(self):
        with open(PID_FILE, "w") as pids:
            pids.writelines(f"{pid}\n" for pid in self.running)


PROCESSES = Processes()


def log_tail(path, lines=25):
    try:
        with open(path, errors="replace") as log:
            return "".join(log.readlines()[-lines:])
    except OSError:
        return ""


def odoo_cmd(*args):
    return [
        os.path.join(VENV, "bin", "python"),
        os.path.join(ODOO_SRC, "odoo-bin"),
        *args[:1],
        "-c",
        ODOO_CONF,
        *args[1:],
    ]


def smtp_args(smtp_port):
    if not smtp_port:
        return []
    return ["--smtp", "127.0.0.1", "--smtp-port", str(smtp_port)]


def script_path(name):
    return os.path.join(HERE, "odoo_scripts", name)


def start_shell(db, script, params=None, smtp_port=None, name=None, log_level="warn"):
    """An `odoo-bin shell` process running one of odoo_scripts/ (read from
    stdin, as Odoo's shell does), with its parameters as JSON in the
    environment."""
    name = name or f"{db}-{script[:-3]}"
    with open(script_path(script)) as source:
        text = source.read()
    cmd = odoo_cmd(
        "shell",
        "-d",
        db,
        "--no-http",
        f"--log-level={log_level}",
        "--log-handler=odoo.addons.kolecto_dunning:INFO",
        *smtp_args(smtp_port),
    )
    return PROCESSES.start(
        name,
        cmd,
        os.path.join(WORK_DIR, f"{name}.log"),
        stdin_text=text,
        env={"KD_E2E_PARAMS": json.dumps(params or {})},
    )


def shell_result(proc, timeout):
    """Wait for a shell process; its result is the JSON it printed."""
    rc = PROCESSES.wait(proc, timeout)
    result = None
    with open(proc.kd_log_path, errors="replace") as log:
        for line in log:
            if line.startswith(RESULT_MARK):
                result = json.loads(line[len(RESULT_MARK) :])
    if rc != 0 or result is None:
        raise HarnessError(
            f"{proc.kd_name} failed (exit {rc}); end of {proc.kd_log_path}:\n"
            + log_tail(proc.kd_log_path)
        )
    return result


def run_shell(db, script, params=None, smtp_port=None, timeout=300, name=None):
    return shell_result(
        start_shell(db, script, params, smtp_port=smtp_port, name=name), timeout
    )


def start_server(db, http_port, smtp_port=None, timeout=120):
    """A real Odoo server on 127.0.0.1, answering /web/health."""
    proc = PROCESSES.start(
        f"server-{db}",
        odoo_cmd(
            "server",
            "-d",
            db,
            "--db-filter",
            f"^{db}$",
            "--http-interface",
            "127.0.0.1",
            "--http-port",
            str(http_port),
            "--max-cron-threads",
            "0",
            "--log-level=warn",
            *smtp_args(smtp_port),
        ),
        os.path.join(WORK_DIR, f"server-{db}.log"),
    )
    url = f"http://127.0.0.1:{http_port}"
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        if proc.poll() is not None:
            raise HarnessError(
                f"the Odoo server of {db} stopped (exit {proc.returncode}):\n"
                + log_tail(proc.kd_log_path)
            )
        try:
            with urllib.request.urlopen(f"{url}/web/health", timeout=5) as answer:
                if answer.status == 200:
                    # The registry loads on the first request of the database.
                    with urllib.request.urlopen(
                        f"{url}/web/login?db={db}", timeout=120
                    ):
                        return proc, url
        except OSError as error:
            last_error = error
        if time.monotonic() > deadline:
            PROCESSES.stop(proc)
            raise HarnessError(
                f"the Odoo server of {db} did not answer on {url}: {last_error}"
            )
        time.sleep(0.5)


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# === DATABASES ===


def pg_connect(db="postgres"):
    return psycopg2.connect(
        dbname=db,
        host=os.environ.get("PGHOST", os.path.join(RUN_DIR, "pg")),
        port=int(os.environ.get("PGPORT", "54329")),
        user=os.environ.get("PGUSER", "odoo"),
        connect_timeout=10,
    )


@contextmanager
def pg_cursor(db):
    conn = pg_connect(db)
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            yield cr
    finally:
        conn.close()


def query(db, sql, params=None):
    with pg_cursor(db) as cr:
        cr.execute(sql, params)
        return cr.fetchall()


def drop_db(db):
    with pg_cursor("postgres") as cr:
        cr.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            [db],
        )
        cr.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(db)))
    shutil.rmtree(os.path.join(FILESTORE, db), ignore_errors=True)


def copy_db(source, target):
    """A database and its filestore, copied (the source must be idle)."""
    drop_db(target)
    with pg_cursor("postgres") as cr:
        cr.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(target), sql.Identifier(source)
            )
        )
    if os.path.isdir(os.path.join(FILESTORE, source)):
        shutil.copytree(
            os.path.join(FILESTORE, source), os.path.join(FILESTORE, target)
        )


def e2e_databases():
    return [
        row[0]
        for row in query(
            "postgres",
            "SELECT datname FROM pg_database WHERE datname LIKE 'kd\\_e2e\\_%%'",
        )
        if row[0] != BASE_DB
    ]


# === XML-RPC ===


class TimeoutTransport(xmlrpc.client.Transport):
    def __init__(self, timeout=60):
        super().__init__()
        self.kd_timeout = timeout

    def make_connection(self, host):
        connection = super().make_connection(host)
        connection.timeout = self.kd_timeout
        return connection


class RpcUser:
    """A user calling Odoo's external API, as an integration would."""

    def __init__(self, url, db, login, password):
        self.db, self.password = db, password
        common = xmlrpc.client.ServerProxy(
            f"{url}/xmlrpc/2/common", transport=TimeoutTransport(), allow_none=True
        )
        self.uid = common.authenticate(db, login, password, {})
        if not self.uid:
            raise HarnessError(f"XML-RPC login of {login} on {db} failed")
        self.models = xmlrpc.client.ServerProxy(
            f"{url}/xmlrpc/2/object", transport=TimeoutTransport(), allow_none=True
        )

    def call(self, model, method, *args, **kwargs):
        return self.models.execute_kw(
            self.db, self.uid, self.password, model, method, list(args), kwargs
        )

    def fault(self, model, method, *args, **kwargs):
        """The error of a call expected to fail, None when it succeeded:
        (kind, message), the kind from the fault code of /xmlrpc/2
        ("UserError" stands for UserError and ValidationError), or the
        exception class of a traceback."""
        try:
            self.call(model, method, *args, **kwargs)
        except xmlrpc.client.Fault as fault:
            text = str(fault.faultString).strip()
            kind = RPC_FAULT_KINDS.get(fault.faultCode)
            if kind is None:
                last = text.splitlines()[-1] if text else ""
                kind = last.split(":", 1)[0].split(".")[-1]
            return kind, text
        return None


RPC_FAULT_KINDS = {2: "UserError", 3: "AccessDenied", 4: "AccessError"}


# === FILES ===


def minimal_pdf(text):
    """A small, valid one-page PDF saying `text`."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
