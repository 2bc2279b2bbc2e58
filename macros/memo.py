"""Build caches: what a build computed, reused by the next build while its inputs are unchanged.

Three stores use the one `Memo` class, each in a file named by a hash of its inputs
(`store_file`), under `.cache/data/` (or `$SAA_CACHE_DIR/data/`):

- `data-*.pickle`: the validated data file (macros/data.py, `load_validated`);
- `macros-*.memo`: the macros' HTML per call (macros/pages.py). Its hash covers the data
  file's text, the exam guide, every module of this package and the settings that shape
  links, so a hit also means an earlier build validated this very data file, and the
  build neither parses nor validates it again (nor imports pydantic);
- `templates-*.memo`: the compiled Jinja code of each page template.

A store also records the pages the data links to; when one of them is gone the store is
ignored, so the data is validated again and the missing page reported. Values are
written only after they were computed without an error (the macro store only by a
build that finished), so a broken data file is never stored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(__file__).resolve().parent
# SAA_CACHE_DIR moves the build caches (e.g. for tests); the default is .cache/.
CACHE_ROOT = Path(os.environ.get("SAA_CACHE_DIR") or ROOT / ".cache")
CACHE_DIR = CACHE_ROOT / "data"
KEEP = 8  # files of each kind kept in the cache folder, newest first


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file next to `path`, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def store_file(
    kind: str,
    *inputs: object,
    files: Iterable[Path] = (),
    suffix: str = ".memo",
    cache_dir: Path = CACHE_DIR,
) -> Path:
    """`CACHE_DIR/KIND-HASH.memo`, where HASH covers `inputs` and the bytes of `files`."""
    digest = hashlib.sha256()
    for part in inputs:
        digest.update(str(part).encode("utf-8") + b"\0")
    for path in files:
        digest.update(path.read_bytes())
    return cache_dir / f"{kind}-{digest.hexdigest()[:32]}{suffix}"


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
            atomic_write(self.file, pickle.dumps((pages, self.new), protocol=5))
            kind = self.file.name.split("-", 1)[0]  # prune among the files of its kind
            entries = sorted(
                self.file.parent.glob(f"{kind}-*{self.file.suffix}"),
                key=lambda p: p.stat().st_mtime_ns,
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


def templates_file(jinja_env: Any) -> Path:
    """Where the compiled page templates of this Jinja version and these settings live."""
    import jinja2

    settings = [getattr(jinja_env, name, None) for name in JINJA_SETTINGS]
    # Jinja checks filter and test names when it compiles, so they are part of the key.
    settings += [sorted(jinja_env.extensions), sorted(jinja_env.filters), sorted(jinja_env.tests)]
    return store_file("templates", settings, jinja2.__version__, sys.version)


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
