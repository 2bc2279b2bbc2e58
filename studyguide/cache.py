"""A small file cache: values stored by a hash of everything they were computed from.

Used for the validated data (parsing and validating every data file, and importing
pydantic to do it, is most of what the data costs a build) and written atomically, so an
interrupted build never leaves half a file. Delete `.cache/` to start from nothing.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

KEEP = 8  # files of each kind kept, newest first, unless the caller says how many


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file next to `path`, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def digest(*parts: object, files: Iterable[Path] = ()) -> str:
    """A hash of text parts and of the bytes of files."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8"))
        h.update(b"\0")
    for path in files:
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:32]


def remember(
    cache_dir: Path | None, kind: str, key: str, compute: Callable[[], Any], keep: int = KEEP
) -> Any:
    """The value stored under `kind-key`, or `compute()`, stored for next time.

    `compute` may raise: nothing is stored then. A damaged or unreadable entry is computed
    again; a read-only cache folder only means nothing is kept. After a store, the newest
    `keep` entries of the kind stay.
    """
    if cache_dir is None:
        return compute()
    file = cache_dir / f"{kind}-{key}.pickle"
    try:
        return pickle.loads(file.read_bytes())
    except Exception:  # missing, damaged or from other code: compute afresh
        pass
    value = compute()
    try:
        atomic_write(file, pickle.dumps(value, protocol=5))
        stored = sorted(cache_dir.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime_ns)
        for old in stored[:-keep]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
    return value
