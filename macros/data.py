"""Load the data file with line numbers and validate it into typed objects.

Every problem is reported as ``FILE:LINE: path.to.key: what is wrong; how to
fix it``, all problems at once, and nothing is returned when there is one.

    python -m macros.data [FILE]    check a data file (default: data/comparisons.yml)
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .memo import CACHE_DIR, ROOT, Memo, store_file

# pydantic and the models are imported where data is validated, not at import time: a
# build that reuses the output of the last one (macros/memo.py) never needs them.
if TYPE_CHECKING:
    from .models import DataFile

DATA_FILE = ROOT / "data" / "comparisons.yml"
EXAM_GUIDE = ROOT / "data" / "exam-guide.yml"
DOCS_DIR = ROOT / "docs"

Loc = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    line: int
    path: str
    message: str

    def format(self, file: Path | str) -> str:
        where = f"{file}:{self.line}"
        message = " ".join(self.message.split())  # one problem, one line
        return f"{where}: {self.path}: {message}" if self.path else f"{where}: {message}"


class DataError(Exception):
    """The data file has problems; str() lists them, one per line."""

    def __init__(self, file: Path | str, problems: list[Problem]):
        self.file = file
        self.problems = sorted(set(problems))
        super().__init__("\n".join(p.format(file) for p in self.problems))


# ---------------------------------------------------------------- locating


PLAIN_KEY = re.compile(r"^[\w-]+$")


def dotted(loc: Loc) -> str:
    """`comparisons[0].rows[2].cells`; an odd key is quoted: `cells['a b']`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not PLAIN_KEY.match(str(part)):
            out += f"[{str(part)!r}]"
        else:
            out += f".{part}" if out else str(part)
    return out


Lines = dict[Loc, int]


def line_of(lines: Lines, loc: Loc) -> int:
    """The 1-based line of the deepest part of `loc` that exists in the file."""
    for depth in range(len(loc), -1, -1):
        if loc[:depth] in lines:
            return lines[loc[:depth]]
    return 1


# ---------------------------------------------------------------- parsing

# libyaml's C parser when PyYAML has it (about 30 times faster), else the pure one.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Parsed:
    """Plain data from the YAML file, with the line of every key and list item."""

    data: Any
    lines: Lines


def index_lines(node: yaml.Node, loc: Loc, lines: Lines) -> Iterator[Problem]:
    """Record the line of every key and item; yield a problem for each repeated key."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                yield Problem(
                    line,
                    dotted((*loc, key)),
                    f"duplicate key (first given on line {seen[key]}); "
                    "keep one of the two and delete the other",
                )
            seen.setdefault(key, line)
            lines[(*loc, key)] = line  # the data holds the last value, so index that one
            yield from index_lines(value_node, (*loc, key), lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[(*loc, i)] = item.start_mark.line + 1
            yield from index_lines(item, (*loc, i), lines)


def parse(text: str) -> tuple[Parsed | None, list[Problem]]:
    """Parse YAML text once into plain data and a map of lines.

    PyYAML keeps the last of two repeated keys without a word; the node tree is read
    first so that every repeated key is reported instead.
    """
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or exc.context or "invalid YAML"
        return None, [
            Problem(
                line,
                "",
                f"YAML syntax error: {what}; fix the indentation or "
                "quote the value (a value with ': ' or '#' needs quotes)",
            )
        ]
    except yaml.YAMLError as exc:  # e.g. a control character the YAML reader refuses
        position = getattr(exc, "position", None)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else 1
        what = getattr(exc, "reason", None) or str(exc).splitlines()[0]
        return None, [Problem(line, "", f"YAML error: {what}; remove or replace that character")]
    finally:
        loader.dispose()
    lines: Lines = {(): node.start_mark.line + 1} if node is not None else {}
    problems = list(index_lines(node, (), lines)) if node is not None else []
    if not isinstance(data, dict):
        problems.append(Problem(1, "", "the file must be a mapping with a `comparisons:` list"))
        return None, problems
    return Parsed(data, lines), problems


# ---------------------------------------------------------------- validating

HINTS = {
    "missing": "required field is missing; add it",
    "string_type": "expected text; write it as a string (wrap it in quotes)",
    "list_type": "expected a list; put each item on its own line starting with '- '",
    "dict_type": "expected a mapping of `key: value` lines",
    "model_type": "expected a mapping of `key: value` lines",
    "date_type": "expected a date; write it as YYYY-MM-DD",
    "date_from_datetime_parsing": "expected a date; write it as YYYY-MM-DD",
    "date_parsing": "expected a date; write it as YYYY-MM-DD",
    "url_parsing": "expected a URL such as https://docs.aws.amazon.com/...",
    "url_scheme": "expected an https URL",
}


def to_plain(value: Any) -> Any:
    """The same data with every mapping key as text, as the models and paths expect."""
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    return value


def allowed_fields(model: type, loc: Loc) -> list[str]:
    """The fields a model accepts at `loc`, for an 'unknown field' hint."""
    from pydantic import BaseModel

    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if isinstance(current, type) else None
        if field is None:
            return []
        ann = field.annotation
        args = getattr(ann, "__args__", ()) or (ann,)
        current = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if current is None:
            return []
    return list(current.model_fields) if isinstance(current, type) else []


def explain(err: dict[str, Any], loc: Loc) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        from .models import DataFile

        fields = allowed_fields(DataFile, loc)
        guess = difflib.get_close_matches(str(loc[-1]), fields, n=1)
        hint = f"did you mean `{guess[0]}`?" if guess else f"allowed: {', '.join(fields)}"
        return f"unknown field; remove it or fix its name ({hint})"
    if kind == "missing":
        return f"required field `{loc[-1]}` is missing; add it"
    if kind == "literal_error":
        return f"{err['msg'].lower()}; pick one of those values"
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        if ".md" in pattern:
            return (
                "expected a page path under docs/ such as `storage/s3.md` or `storage/s3.md#anchor`"
            )
        if "_]" in pattern:
            return "expected lower-case letters, digits and underscores, e.g. `min_duration`"
        if "[1-4]" in pattern:
            return "expected an exam task id such as '3.1' (quote it, so YAML keeps it as text)"
        return "expected lower-case words joined by hyphens, e.g. `s3-storage-classes`"
    if kind == "too_short":
        return f"{err['msg'].lower()}; add at least one"
    if kind == "string_too_short":
        return "must not be empty; write the value or remove the field"
    if kind == "value_error":
        return err["msg"].removeprefix("Value error, ")
    if kind in HINTS:
        return HINTS[kind]
    return err["msg"]


def validate(parsed: Parsed) -> tuple[DataFile | None, list[Problem]]:
    """The typed data, or the schema's problems with their lines."""
    from pydantic import ValidationError

    from .models import DataFile

    try:
        return DataFile.model_validate(to_plain(parsed.data)), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            # The key of a missing field is one level deeper than its line.
            problems.append(Problem(line_of(parsed.lines, loc), dotted(loc), explain(err, loc)))
        return None, problems


@cache
def exam_guide(path: Path = EXAM_GUIDE) -> dict[str, Any]:
    """data/exam-guide.yml, read once per process."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)


def exam_task_ids() -> frozenset[str]:
    return frozenset(t for d in exam_guide()["domains"] for t in d["tasks"])


def _items(raw: Any, key: str) -> Iterator[tuple[int, dict]]:
    seq = raw.get(key) if isinstance(raw, dict) else None
    if isinstance(seq, list):
        for i, item in enumerate(seq):
            if isinstance(item, dict):
                yield i, item


def semantic_problems(parsed: Parsed, docs_dir: Path | None) -> list[Problem]:
    """Rules that span fields: ids, cells against columns, task ids, page links."""
    out: list[Problem] = []

    raw = parsed.data

    def add(loc: Loc, message: str) -> None:
        out.append(Problem(line_of(parsed.lines, loc), dotted(loc), message))

    ids: dict[str, str] = {}
    for section in ("comparisons", "facts"):
        for i, item in _items(raw, section):
            ident = item.get("id")
            if isinstance(ident, str):
                if ident in ids:
                    add(
                        (section, i, "id"),
                        f"id `{ident}` is already used by {ids[ident]}; "
                        "give this one a different id",
                    )
                else:
                    ids[ident] = dotted((section, i))
            tasks = item.get("exam_tasks")
            for j, task in enumerate(tasks if isinstance(tasks, list) else []):
                if isinstance(task, str) and task not in exam_task_ids():
                    valid = ", ".join(sorted(exam_task_ids()))
                    add(
                        (section, i, "exam_tasks", j),
                        f"unknown exam task `{task}`; use one of {valid}",
                    )

    for i, comp in _items(raw, "comparisons"):
        columns = comp.get("columns")
        keys = (
            [c.get("key") for c in columns if isinstance(c, dict)]
            if isinstance(columns, list)
            else []
        )
        seen: set[str] = set()
        for j, key in enumerate(keys):
            if key in seen:
                add(
                    ("comparisons", i, "columns", j, "key"),
                    f"column key `{key}` is used twice; give each column its own key",
                )
            seen.add(key)
        rows = comp.get("rows")
        for r, row in enumerate(rows if isinstance(rows, list) else []):
            cells = row.get("cells") if isinstance(row, dict) else None
            if not isinstance(cells, dict) or not keys:
                continue
            for key in keys:
                if key not in cells:
                    add(
                        ("comparisons", i, "rows", r, "cells"),
                        f"missing column `{key}`; add `{key}: ...` to this row's cells "
                        "(write 'n/a' when it does not apply)",
                    )
            for key in cells:
                if key not in keys:
                    guess = difflib.get_close_matches(str(key), [str(k) for k in keys], n=1)
                    hint = (
                        f"did you mean `{guess[0]}`?"
                        if guess
                        else f"columns are: {', '.join(map(str, keys))}"
                    )
                    add(
                        ("comparisons", i, "rows", r, "cells", key),
                        f"no column has the key `{key}`; {hint}",
                    )

    if docs_dir is not None:
        for loc, ref in page_refs(raw):
            path = ref.split("#", 1)[0]
            if isinstance(ref, str) and not (docs_dir / path).is_file():
                add(
                    loc,
                    f"page `{path}` does not exist under docs/; fix the path or create the page",
                )
    return out


def page_refs(raw: Any) -> Iterator[tuple[Loc, str]]:
    """Every `page:` value in the data, with where it is."""
    for section, nested in (("comparisons", "rows"), ("facts", "items")):
        for i, item in _items(raw, section):
            for j, child in _items(item, nested):
                if isinstance(child.get("page"), str):
                    yield (section, i, nested, j, "page"), child["page"]
    for section in ("corrections", "glossary"):
        for i, item in _items(raw, section):
            if isinstance(item.get("page"), str):
                yield (section, i, "page"), item["page"]


# ---------------------------------------------------------------- entry points


def load_text(text: str, file: Path | str = "<data>", docs_dir: Path | None = None) -> DataFile:
    """Validate YAML text; raise DataError listing every problem."""
    parsed, problems = parse(text)
    data = None
    if parsed is not None:
        data, schema = validate(parsed)
        problems += schema + semantic_problems(parsed, docs_dir)
    if problems or data is None:
        raise DataError(file, problems)
    return data


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load(path: Path = DATA_FILE, docs_dir: Path | None = DOCS_DIR) -> DataFile:
    """Load and validate a data file from disk."""
    return load_text(path.read_text(encoding="utf-8"), display_path(path), docs_dir)


def page_links(data: DataFile) -> list[str]:
    """Every `page:` link of the validated data (`docs/` path, maybe with an anchor)."""
    refs = [row.page for comp in data.comparisons for row in comp.rows]
    refs += [item.page for facts in data.facts for item in facts.items]
    refs += [c.page for c in data.corrections] + [t.page for t in data.glossary]
    return [ref for ref in refs if ref]


def referenced_pages(data: DataFile) -> set[str]:
    """The docs/ pages that the data links to, without anchors."""
    return {ref.split("#", 1)[0] for ref in page_links(data)}


def load_validated(
    path: Path = DATA_FILE, docs_dir: Path | None = DOCS_DIR, cache_dir: Path | None = CACHE_DIR
) -> DataFile:
    """`load()`, reusing the result of an earlier run when nothing it depends on changed.

    Only a file that validated without a problem is stored, keyed by a hash of its text,
    the exam guide, this module, the models and the versions of Python, pydantic and PyYAML.
    """
    from importlib.metadata import version

    text = path.read_text(encoding="utf-8")
    here = Path(__file__)
    file = (
        store_file(
            "data",
            *(text, docs_dir, sys.version, version("pydantic"), yaml.__version__),
            files=(EXAM_GUIDE, here, here.with_name("models.py")),
            suffix=".pickle",
            cache_dir=cache_dir,
        )
        if cache_dir
        else None
    )
    store = Memo(file, docs_dir)
    data = store.get("data")
    if data is None:
        data = store.put("data", load_text(text, display_path(path), docs_dir))
        store.save(sorted(referenced_pages(data)))
    return data


@cache
def _cached(path: Path, mtime_ns: int, docs_dir: Path | None) -> DataFile:
    return load_validated(path, docs_dir)


def load_cached(path: Path = DATA_FILE, docs_dir: Path | None = DOCS_DIR) -> DataFile:
    """Load once per process (and again only when the file changes), through `.cache/data/`."""
    path = path.resolve()
    return _cached(path, path.stat().st_mtime_ns, docs_dir)


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DATA_FILE
    try:
        data = load(path)
    except DataError as exc:
        print(exc, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) in {exc.file}", file=sys.stderr)
        return 1
    print(
        f"{display_path(path)}: OK ({len(data.comparisons)} comparisons, "
        f"{len(data.facts)} fact lists, {len(data.corrections)} corrections, "
        f"{len(data.glossary)} glossary terms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
