"""Reuse the search plugin's reading of each page whose HTML is unchanged since the last build.

Material's search plugin splits the HTML of every page into sections (a heading and the
text under it) with a Python `HTMLParser` subclass, `Parser`, which runs Python code for
each tag and each run of text: on this site, 11% of the instructions of a build without
the macros and 16% of a build with them (Valgrind, warm caches). The sections depend on
the HTML alone. So while the hook is installed, `Parser` is a subclass that looks the HTML
up by its SHA-256 and, on a hit, takes the sections an earlier build stored instead of
parsing. The plugin still makes every index entry itself (address, title, tags, boost)
from the page as it is now: only the parse is reused.

The store is `search-*.memo` beside the other build caches (macros/memo.py). Its name
hashes the plugin's source, the Python version and the MkDocs config file, so an upgrade
or another config starts a store of its own. Without Material's search plugin, or with a
version whose parser looks different, nothing is installed and the plugin works as it is.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from . import memo as build_caches
from .memo import Memo, store_file


def _search_plugin() -> tuple[ModuleType, type] | None:
    """Material's search plugin module and its own `Parser`, or None without a usable one."""
    try:
        from material.plugins.search import plugin
    except ImportError:
        return None
    parser = getattr(plugin, "Parser", None)
    original = getattr(parser, "uncached", parser)
    if isinstance(original, type) and all(hasattr(original, n) for n in ("feed", "close")):
        return plugin, original
    return None


def install(config_file: str | None, cache_dir: Path | None = None) -> Memo | None:
    """Make the search plugin reuse stored sections (from `cache_dir`, by default the build
    caches' folder); returns the store, or None when there is nothing to install into."""
    found = _search_plugin()
    if found is None:
        return None
    plugin, original = found
    name = store_file(
        "search",
        config_file,
        sys.version,
        files=[Path(plugin.__file__)],
        cache_dir=cache_dir or build_caches.CACHE_DIR,
    )
    plugin.Parser = reusing_parser(original, Memo(name, None))
    return plugin.Parser.memo


def uninstall(keep: bool = False) -> None:
    """Give the search plugin its own parser back; with `keep` (after a build that
    finished), save what the build stored for the next one."""
    found = _search_plugin()
    if found is None:
        return
    plugin, original = found
    if keep and plugin.Parser is not original:
        plugin.Parser.memo.save([])
    plugin.Parser = original


def reusing_parser(base: type, store: Memo) -> type:
    """A subclass of the plugin's `Parser` that reads the HTML fed to it only when `store`
    holds no sections for that HTML. Parsing waits for `close()`, when all HTML is in."""

    class ReusingParser(base):  # type: ignore[misc, valid-type]
        uncached = base
        memo = store

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._html: list[str] = []

        def feed(self, data: str) -> None:
            self._html.append(data)

        def close(self) -> None:
            html, self._html = "".join(self._html), []
            key = hashlib.sha256(html.encode("utf-8", "surrogatepass")).hexdigest()
            stored = self.memo.get(key)
            if stored is not None:
                try:
                    self.data = pickle.loads(stored)
                    return
                except Exception:  # a damaged entry: read the page as if it were new
                    pass
            super().feed(html)
            super().close()
            try:  # stored before the plugin makes entries, which fills in empty titles
                self.memo.put(key, pickle.dumps(self.data, protocol=5))
            except (pickle.PicklingError, TypeError, AttributeError):
                pass  # something the store cannot keep: parse this page again next time

    return ReusingParser
