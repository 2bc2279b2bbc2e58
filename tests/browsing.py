"""What the browser tests share: where Chromium is, and the built site served on localhost.

The fixtures that use these (`chromium`, `base_url`, `browser`, `page`) are in conftest.py,
so that every browser test module gets the same session's server and browser: two
synchronous Playwright instances cannot run in one thread.
"""

from __future__ import annotations

import http.server
import os
import shutil
from pathlib import Path

import pytest
from crawl import AXE_PATH

CHROMIUM = os.environ.get("SAA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"

# `pytestmark = needs_chromium` in each browser test module.
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason=f"no Chromium at {CHROMIUM}: install Debian's chromium or set SAA_CHROMIUM",
)


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """The built site, plus axe-core at AXE_PATH; cacheable, as a static host serves it."""

    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def translate_path(self, path: str) -> str:
        if path.split("?", 1)[0] == AXE_PATH:
            return str(AXE)
        return super().translate_path(path)
