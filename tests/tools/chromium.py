#!/usr/bin/env python3
"""Opens SVG files in headless Chromium and reports what the browser made of them.

A dependency-free DevTools Protocol client: Chromium is started with
--remote-debugging-pipe, which speaks JSON messages separated by NUL bytes on file
descriptors 3 (commands in) and 4 (events and replies out); no websocket library, no npm.

Usage: chromium.py JOBS.json RESULTS.json

JOBS.json is a list of jobs:
  {"svg": "/path/file.svg",            the document to open (as a file:// URL)
   "scheme": "light" | "dark",         prefers-color-scheme to emulate (default light)
   "root_class": "dark",               optional: a class added to the root <svg>
   "texts": true,                      report every <text>: content, getBBox() width and
                                       getComputedTextLength() (the advance width)
   "styles": [[selector, property]],   report getComputedStyle(first match)[property]
   "screenshot": "/path/out.png",      save the page, clipped to the SVG's size, at
   "scale": 1}                         this device pixel ratio
RESULTS.json receives one object per job with "texts", "styles" and "error" (or null).
Exit status: 0 when Chromium ran (jobs may still carry errors), 2 when it could not start.
"""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")


def find_chromium():
    override = os.environ.get("MERROW_CHROMIUM")
    if override:
        return override
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    """One headless Chromium and one page, driven over the DevTools pipe."""

    def __init__(self, executable):
        self.profile = tempfile.mkdtemp(prefix="merrow-chromium-")
        commands_read, self._commands = os.pipe()
        self._replies, replies_write = os.pipe()

        def wire_pipes():
            # Via fresh copies, in case a pipe end already sits on 3 or 4.
            commands_copy = os.dup(commands_read)
            replies_copy = os.dup(replies_write)
            os.dup2(commands_copy, 3)
            os.dup2(replies_copy, 4)

        args = [
            executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
            "--force-color-profile=srgb", "--font-render-hinting=none",
            "--remote-debugging-pipe", "--user-data-dir=" + self.profile, "about:blank",
        ]
        # close_fds=False: descriptors 3 and 4 must survive into Chromium; Python's own
        # descriptors are not inheritable, so nothing else leaks.
        self.process = subprocess.Popen(
            args, preexec_fn=wire_pipes, close_fds=False,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(commands_read)
        os.close(replies_write)
        self._buffer = b""
        self._next_id = 0
        self._events = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget",
                                 {"targetId": target, "flatten": True})["sessionId"]
        self.page("Page.enable")
        self.page("Runtime.enable")

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:  # the browser may already be gone
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        os.close(self._commands)
        os.close(self._replies)
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read_message(self, deadline):
        while b"\0" not in self._buffer:
            if time.time() > deadline:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._replies, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=None, timeout=30):
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(method + ": " + json.dumps(reply["error"]))
                return reply.get("result", {})
            self._events.append(reply)

    def page(self, method, params=None, timeout=30):
        return self.call(method, params, self.session, timeout)

    def wait_for_event(self, method, timeout=30):
        deadline = time.time() + timeout
        while True:
            for i, event in enumerate(self._events):
                if event.get("method") == method:
                    del self._events[i]
                    return event
            self._events.append(self._read_message(deadline))

    def evaluate(self, expression):
        result = self.page("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError("script failed: " + json.dumps(result["exceptionDetails"]))
        return result["result"].get("value")


TEXTS_SCRIPT = """
Array.from(document.querySelectorAll('text')).map(t => ({
    text: t.textContent, width: t.getBBox().width, length: t.getComputedTextLength(),
    font: getComputedStyle(t).fontFamily}))
"""

SIZE_SCRIPT = """
(() => { const r = document.documentElement.getBoundingClientRect();
         return [Math.ceil(r.width), Math.ceil(r.height)]; })()
"""


def run_job(browser, job):
    result = {"texts": None, "styles": None, "error": None}
    scheme = job.get("scheme", "light")
    browser.page("Emulation.setEmulatedMedia",
                 {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    scale = float(job.get("scale", 1))
    browser.page("Emulation.setDeviceMetricsOverride",
                 {"width": 4000, "height": 4000, "deviceScaleFactor": scale, "mobile": False})
    browser.page("Page.navigate", {"url": "file://" + os.path.abspath(job["svg"])})
    browser.wait_for_event("Page.loadEventFired")
    browser.evaluate("document.fonts.ready.then(() => true)")
    if job.get("root_class"):
        browser.evaluate("document.documentElement.classList.add(%s)" %
                         json.dumps(job["root_class"]))
    if job.get("texts"):
        result["texts"] = browser.evaluate(TEXTS_SCRIPT)
    if job.get("styles"):
        styles = []
        for selector, prop in job["styles"]:
            styles.append(browser.evaluate(
                "(() => { const e = document.querySelector(%s); "
                "return e ? getComputedStyle(e).getPropertyValue(%s) : null; })()" %
                (json.dumps(selector), json.dumps(prop))))
        result["styles"] = styles
    if job.get("screenshot"):
        width, height = browser.evaluate(SIZE_SCRIPT)
        shot = browser.page("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
        with open(job["screenshot"], "wb") as out:
            out.write(base64.b64decode(shot["data"]))
    return result


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    executable = find_chromium()
    if not executable:
        print("chromium.py: no Chromium found (apt install chromium)", file=sys.stderr)
        return 2
    with open(sys.argv[1]) as f:
        jobs = json.load(f)
    try:
        browser = Browser(executable)
    except Exception as error:  # report why, for the test log
        print("chromium.py: cannot start %s: %s" % (executable, error), file=sys.stderr)
        return 2
    results = []
    try:
        for job in jobs:
            try:
                results.append(run_job(browser, job))
            except Exception as error:
                results.append({"texts": None, "styles": None, "error": str(error)})
    finally:
        browser.close()
    with open(sys.argv[2], "w") as f:
        json.dump(results, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
