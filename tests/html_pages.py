"""Built pages, each parsed once per test session: several checks read the same site.

Callers only read the trees; none may change them, nor a page once it has been parsed
(fixture sites live in folders of their own).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup


@cache
def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8", errors="replace"), "html.parser")
