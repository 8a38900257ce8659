"""An SMTP server on 127.0.0.1 that keeps every message it accepts."""

import email
import email.policy
import threading
import time
from collections import Counter

from aiosmtpd.controller import Controller


class _Handler:
    def __init__(self, sink):
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):
        self.sink._store(envelope)
        return "250 Message accepted for delivery"


class SmtpSink:
    """Messages are parsed with the `email` module as they arrive.

    `on_message(count)`, when set, is called after a message is stored and
    before the client gets the "250": a crash injected there falls exactly
    between the SMTP hand-off and the sender's commit.
    """

    def __init__(self, port):
        self.port = port
        self.lock = threading.Lock()
        self.messages = []
        self.on_message = None
        self.controller = Controller(
            _Handler(self),
            hostname="127.0.0.1",
            port=port,
            data_size_limit=64 * 1024 * 1024,
            enable_SMTPUTF8=True,
        )

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()

    def _store(self, envelope):
        message = email.message_from_bytes(
            envelope.original_content or envelope.content, policy=email.policy.default
        )
        with self.lock:
            self.messages.append(
                {
                    "rcpt_tos": list(envelope.rcpt_tos),
                    "mail_from": envelope.mail_from,
                    "message": message,
                    "received_at": time.monotonic(),
                }
            )
            count = len(self.messages)
        if self.on_message:
            self.on_message(count)

    def clear(self):
        with self.lock:
            self.messages = []
        self.on_message = None

    def count(self):
        with self.lock:
            return len(self.messages)

    def snapshot(self):
        with self.lock:
            return list(self.messages)

    def wait_for(self, count, timeout):
        deadline = time.monotonic() + timeout
        while self.count() < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.count()

    def duplicates(self):
        """Messages received more than once: by Message-Id and recipient
        (Odoo sends one message per recipient, all with the Message-Id of
        their mail.mail), and by subject and recipient."""
        messages = self.snapshot()
        by_id = Counter(
            (str(m["message"]["Message-Id"]), tuple(sorted(m["rcpt_tos"])))
            for m in messages
        )
        by_subject = Counter(
            (str(m["message"]["Subject"]), tuple(sorted(m["rcpt_tos"])))
            for m in messages
        )
        return (
            sum(n - 1 for n in by_id.values() if n > 1),
            sum(n - 1 for n in by_subject.values() if n > 1),
        )
