"""How this project starts Debian's Chromium headless, for the browser tests and benchmarks.

The network features are off: on a machine with no way out they only fill the log with
refused connections, and the page under test must make no request anyway.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import Browser, Playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch(playwright: Playwright) -> Browser:
    assert Path(CHROMIUM).exists(), "Debian's chromium is needed: `make test` installs it"
    return playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
