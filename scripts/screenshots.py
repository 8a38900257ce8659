"""Take the user documentation's screenshots from the demo in Chromium.

Logs in as admin through Odoo's JSON-RPC, hands the session cookie to a
headless Chromium driven over the DevTools protocol, opens each page, clicks
what needs clicking and saves a PNG under kolecto_dunning/static/description/.
"""

import base64
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
import websocket

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8069"
DB = sys.argv[2] if len(sys.argv) > 2 else "kolecto_demo"
OUT = Path(__file__).resolve().parent.parent / "kolecto_dunning/static/description"
DEVTOOLS_PORT = 9333


class Browser:
    def __init__(self, session_id):
        self.profile = tempfile.TemporaryDirectory()
        self.process = subprocess.Popen(
            [
                "chromium",
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--remote-debugging-port={DEVTOOLS_PORT}",
                f"--user-data-dir={self.profile.name}",
                "--window-size=1440,1000",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _attempt in range(50):
            try:
                targets = requests.get(
                    f"http://127.0.0.1:{DEVTOOLS_PORT}/json", timeout=2
                ).json()
                page = next(t for t in targets if t["type"] == "page")
                break
            except (requests.ConnectionError, StopIteration):
                time.sleep(0.2)
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30)
        self.next_id = 0
        self.call("Page.enable")
        self.call(
            "Network.setCookie",
            name="session_id",
            value=session_id,
            url=BASE,
        )
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=1440,
            height=1000,
            deviceScaleFactor=1,
            mobile=False,
        )

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call(
            "Runtime.evaluate",
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
        )
        return result.get("result", {}).get("value")

    def wait_for(self, selector, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(f"!!document.querySelector({json.dumps(selector)})"):
                return
            time.sleep(0.3)
        raise TimeoutError(f"{selector} did not appear")

    def click(self, selector):
        self.wait_for(selector)
        self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")
        time.sleep(1.5)

    def open(self, path, ready):
        self.call("Page.navigate", url=BASE + path)
        self.wait_for(ready)
        time.sleep(2)

    def screenshot(self, name, elements=None):
        """Save the page, or the area of the elements a JS expression lists."""
        params = {"format": "png"}
        if elements:
            box = self.evaluate(
                f"""(() => {{
                    const els = ({elements}).filter(Boolean);
                    els[0].scrollIntoView({{block: 'start'}});
                    const rects = els.map(el => el.getBoundingClientRect());
                    const top = Math.min(...rects.map(r => r.top)) - 8;
                    const bottom = Math.max(...rects.map(r => r.bottom)) + 8;
                    const left = Math.min(...rects.map(r => r.left)) - 8;
                    const right = Math.max(...rects.map(r => r.right)) + 8;
                    return [
                        Math.max(left, 0), Math.max(top, 0), right - left, bottom - top
                    ];
                }})()"""
            )
            x, y, width, height = box
            params["clip"] = {
                "x": x,
                "y": y,
                "width": width,
                "height": min(height, 1000),
                "scale": 1,
            }
        time.sleep(0.5)
        data = self.call("Page.captureScreenshot", **params)["data"]
        (OUT / name).write_bytes(base64.b64decode(data))
        print(f"saved {OUT / name}")

    def close(self):
        self.ws.close()
        self.process.terminate()
        self.process.wait(timeout=10)
        self.profile.cleanup()


def rpc(session, path, params):
    response = session.post(
        BASE + path,
        json={"jsonrpc": "2.0", "method": "call", "params": params},
        timeout=60,
    )
    response.raise_for_status()
    payload = response.json()
    if payload.get("error"):
        raise RuntimeError(payload["error"])
    return payload["result"]


def main():
    session = requests.Session()
    rpc(
        session,
        "/web/session/authenticate",
        {"db": DB, "login": "admin", "password": "admin"},
    )

    def call_kw(model, method, args, kwargs=None):
        return rpc(
            session,
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    late = call_kw(
        "account.move",
        "search",
        [
            [
                ("move_type", "=", "out_invoice"),
                ("reminder_enabled", "=", True),
                ("payment_state", "=", "not_paid"),
                ("invoice_date_due", "<", time.strftime("%Y-%m-%d")),
            ]
        ],
        {"order": "invoice_date_due desc", "limit": 1},
    )[0]
    browser = Browser(session.cookies["session_id"])
    try:
        browser.open(
            "/odoo/action-kolecto_dunning.mail_template_action", ".o_list_renderer"
        )
        browser.screenshot("screenshot_emails_menu.png")

        invoice = f"/odoo/action-account.action_move_out_invoice_type/{late}"
        browser.open(invoice, ".o_form_renderer")
        browser.click("a[name=kolecto_mails]")
        browser.screenshot(
            "screenshot_mails_tab.png", "[document.querySelector('.o_form_sheet')]"
        )

        browser.click("a[name=other_info]")
        browser.screenshot(
            "screenshot_reminder_plan.png",
            "[document.querySelector('[name=reminder_enabled]').closest('.o_inner_group')]",
        )

        browser.open("/odoo/settings#account", "#reminder_auto_enable")
        browser.screenshot(
            "screenshot_settings.png",
            """(() => {
                const reminders = document.querySelector('#reminder_auto_enable')
                    .closest('.o_settings_container');
                const penalties = document.querySelector('#late_penalties_in_reminders')
                    .closest('.o_settings_container');
                return [reminders.previousElementSibling, reminders, penalties];
            })()""",
        )
    finally:
        browser.close()


if __name__ == "__main__":
    main()
