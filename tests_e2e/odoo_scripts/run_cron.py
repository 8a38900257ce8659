"""Run the payment reminder cron for real, for `odoo-bin shell`.

Parameters (KD_E2E_PARAMS): how ("direct_trigger": the scheduled action as
Odoo's scheduler runs it; "method": `_cron_send_due_reminders(batch_size)`),
batch_size, queue_only (keep the emails in Odoo's queue instead of sending
them after each commit), ready_file/go_file (start together with another
process: write the first, wait for the second).
"""

import json
import os
import sys
import time

env = globals()["env"]  # given by odoo-bin shell
params = json.loads(os.environ["KD_E2E_PARAMS"])
if params.get("queue_only"):
    env = env(context=dict(env.context, mail_notify_force_send=False))
# Load what the cron needs before the start line, not after it.
env["account.move"]._get_due_reminder_domain(None)
if params.get("ready_file"):
    with open(params["ready_file"], "w") as ready:
        ready.write(str(os.getpid()))
    deadline = time.monotonic() + 120
    while not os.path.exists(params["go_file"]):
        if time.monotonic() > deadline:
            raise SystemExit("no go signal within 120s")
        time.sleep(0.02)
started = time.time()
if params.get("how") == "direct_trigger":
    env.ref("kolecto_dunning.ir_cron_send_due_reminders").method_direct_trigger()
    done = None
else:
    done = env["account.move"]._cron_send_due_reminders(
        batch_size=params.get("batch_size", 100)
    )
env.cr.commit()  # pylint: disable=invalid-commit
sys.stdout.write(
    "KD_E2E_RESULT "
    + json.dumps({"done": done, "started": started, "ended": time.time()})
    + "\n"
)
