"""Macro output of the last successful build, reused while nothing it depends on changed.

A build looks for the entry of its *fingerprint*: the data file's text, the exam guide,
the code that validates and renders it (every module of this package) and the settings
that shape links. When the entry is there, the data file was validated by an earlier
build in exactly this state, so the build neither parses nor validates it again (nor
imports pydantic), and each macro call whose arguments and page are the same returns
the stored HTML. The pages that the data links to must still exist; if one is gone, the
entry is ignored and the data is validated again, which reports it.

Only a build that finished writes an entry, so a broken data file is never stored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any

from .data import CACHE_DIR, EXAM_GUIDE

KEEP = 8  # entries kept in the cache folder, newest first
PACKAGE = Path(__file__).resolve().parent


def fingerprint(data_text: str, *settings: object) -> str:
    digest = hashlib.sha256()
    for part in (data_text, sys.version, *map(repr, settings)):
        digest.update(part.encode("utf-8") + b"\0")
    for path in (EXAM_GUIDE, *sorted(PACKAGE.glob("*.py"))):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


class Memo:
    """Stored outputs by key; `save()` keeps what this build used, under its fingerprint."""

    def __init__(self, file: Path | None, docs_dir: Path | None) -> None:
        self.file = file
        self.old: dict[str, Any] = {}
        self.pages: list[str] = []  # pages the data links to, checked before any reuse
        self.new: dict[str, Any] = {}
        stored = _read(file) if file is not None else None
        if stored is not None:
            pages, entries = stored
            if docs_dir is None or all((docs_dir / page).is_file() for page in pages):
                self.pages, self.old = pages, entries

    @property
    def valid(self) -> bool:
        """True when an earlier build validated this very data file."""
        return bool(self.old)

    def get(self, key: str) -> Any | None:
        value = self.old.get(key)
        if value is not None:
            self.new[key] = value
        return value

    def put(self, key: str, value: Any) -> Any:
        self.new[key] = value
        return value

    def save(self, pages: list[str]) -> None:
        """Store this build's outputs (atomically), unless they are the stored ones."""
        if self.file is None or (self.new == self.old and pages == self.pages):
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.file.with_name(f".{self.file.name}.{os.getpid()}")
            tmp.write_bytes(pickle.dumps((pages, self.new), protocol=5))
            os.replace(tmp, self.file)
            kind = self.file.name.split("-", 1)[0]  # prune among the files of its kind
            entries = sorted(
                self.file.parent.glob(f"{kind}-*.memo"), key=lambda p: p.stat().st_mtime_ns
            )
            for old in entries[:-KEEP]:
                old.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only checkout builds too, only without reuse


def _read(file: Path) -> tuple[list[str], dict[str, Any]] | None:
    try:
        pages, entries = pickle.loads(file.read_bytes())
    except Exception:  # missing, damaged or from other code: build afresh
        return None
    if isinstance(pages, list) and isinstance(entries, dict):
        return pages, entries
    return None


def memo_file(data_text: str, *settings: object, cache_dir: Path = CACHE_DIR) -> Path:
    return cache_dir / f"macros-{fingerprint(data_text, *settings)}.memo"


JINJA_SETTINGS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
)


def templates_file(jinja_env: Any, cache_dir: Path = CACHE_DIR) -> Path:
    """Where the compiled page templates of this Jinja version and these settings live."""
    import jinja2

    settings = [getattr(jinja_env, name, None) for name in JINJA_SETTINGS]
    # Jinja checks filter and test names when it compiles, so they are part of the key.
    settings += [sorted(jinja_env.extensions), sorted(jinja_env.filters), sorted(jinja_env.tests)]
    settings += [jinja2.__version__, sys.version]
    digest = hashlib.sha256(repr(settings).encode("utf-8")).hexdigest()[:32]
    return cache_dir / f"templates-{digest}.memo"


def reuse_compiled_templates(jinja_env: Any, store: Memo) -> None:
    """Compile each page's template once, and reuse the code while the page text is the same.

    mkdocs-macros compiles every page that opts in from its text (`from_string`), which
    Jinja's own bytecode cache does not cover; this does the same for those, keyed by a
    hash of the text. Named templates (includes) take Jinja's usual path.
    """
    import marshal

    compile_ = jinja_env.compile

    def compile(source, name=None, filename=None, raw=False, defer_init=False):  # noqa: A001
        if name is not None or filename is not None or raw or defer_init:
            return compile_(source, name, filename, raw, defer_init)
        key = hashlib.sha256(str(source).encode("utf-8")).hexdigest()
        stored = store.get(key)
        if stored is not None:
            try:
                return marshal.loads(stored)
            except (EOFError, ValueError, TypeError):
                pass
        code = compile_(source)
        store.put(key, marshal.dumps(code))
        return code

    jinja_env.compile = compile
