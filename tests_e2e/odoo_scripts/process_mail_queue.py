"""Send what waits in Odoo's mail queue, as its cron does, for `odoo-bin
shell`: `mail.mail.process_email_queue()` until nothing is left to send.

Parameters (KD_E2E_PARAMS): batch_size (optional).
"""

import json
import os
import sys
import time

env = globals()["env"]  # given by odoo-bin shell
params = json.loads(os.environ["KD_E2E_PARAMS"])
Mail = env["mail.mail"]
outgoing = [("state", "=", "outgoing")]
started = time.time()
rounds = 0
before = Mail.search_count(outgoing)
while Mail.search_count(outgoing) and rounds < 100:
    Mail.process_email_queue(batch_size=params.get("batch_size", 1000))
    env.cr.commit()  # pylint: disable=invalid-commit
    env.invalidate_all()
    rounds += 1
env.cr.execute("SELECT state, count(*) FROM mail_mail GROUP BY state")
states = dict(env.cr.fetchall())
sys.stdout.write(
    "KD_E2E_RESULT "
    + json.dumps(
        {
            "outgoing_before": before,
            "rounds": rounds,
            "states": states,
            "started": started,
            "ended": time.time(),
        }
    )
    + "\n"
)
