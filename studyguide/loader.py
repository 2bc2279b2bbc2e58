"""Load the data files with line numbers and validate them into typed objects.

Every problem is reported as ``FILE:LINE: path.to.key: what is wrong; how to fix it``, all
problems at once, and nothing is returned when there is one.

    python -m studyguide.loader [FILE ...]    check data files (default: the project's)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from . import examguide
from .pages import DocsIndex

# pydantic and the models are imported where data is validated: a build that reuses the
# last validation (studyguide/cache.py) never needs them.
if TYPE_CHECKING:
    from .models import DataFile, QuestionFile

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
    """A data file has problems; str() lists them, one per line, file by file."""

    def __init__(self, file: Path | str, problems: Iterable[Problem]):
        self.file = file
        self.problems = sorted(set(problems))
        self.lines = [p.format(file) for p in self.problems]
        super().__init__("\n".join(self.lines))

    @classmethod
    def merge(cls, errors: list[DataError]) -> DataError:
        """One error that lists the problems of several files."""
        merged = cls(errors[0].file, errors[0].problems)
        merged.lines = [line for error in errors for line in error.lines]
        merged.args = ("\n".join(merged.lines),)
        return merged


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

TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _loader(base: type) -> type:
    """A safe loader that reads dates as text (the models parse them, with a line to
    report) and turns any value a constructor refuses into an error with its line."""

    class Loader(base):
        yaml_implicit_resolvers = {
            first: [(tag, regexp) for tag, regexp in resolvers if tag != TIMESTAMP]
            for first, resolvers in base.yaml_implicit_resolvers.items()
        }

        def construct_object(self, node, deep=False):
            try:
                return super().construct_object(node, deep)
            except (ValueError, TypeError, OverflowError) as exc:  # e.g. !!timestamp 2026-13-01
                raise yaml.constructor.ConstructorError(
                    None, None, f"cannot read this value ({exc})", node.start_mark
                ) from None

    Loader.__name__ = f"Dateless{base.__name__}"
    return Loader


# libyaml's parser when PyYAML has it (about 30 times faster); the pure one reads the same.
LOADERS: dict[str, type] = {"python": _loader(yaml.SafeLoader)}
if hasattr(yaml, "CSafeLoader"):
    LOADERS["libyaml"] = _loader(yaml.CSafeLoader)
Loader = LOADERS.get("libyaml", LOADERS["python"])


@dataclass
class Parsed:
    """Plain data from a YAML file, with the line of every key and list item."""

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


def parse(text: str, loader: type = Loader) -> tuple[Parsed | None, list[Problem]]:
    """Parse YAML text once into plain data and a map of lines.

    PyYAML keeps the last of two repeated keys without a word; the node tree is read
    first so that every repeated key is reported instead.
    """
    reader = loader(text)
    try:
        node = reader.get_single_node()
        data = reader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or exc.context or "invalid YAML"
        fix = (
            "write it as text or fix the value"
            if what.startswith("cannot read")
            else "fix the indentation or quote the value (a value with ': ', ' #' or, "
            "inside `{...}`, '?' needs quotes)"
        )
        return None, [Problem(line, "", f"YAML syntax error: {what}; {fix}")]
    except yaml.YAMLError as exc:  # e.g. a control character the YAML reader refuses
        position = getattr(exc, "position", None)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else 1
        what = getattr(exc, "reason", None) or str(exc).splitlines()[0]
        return None, [Problem(line, "", f"YAML error: {what}; remove or replace that character")]
    finally:
        reader.dispose()
    lines: Lines = {(): node.start_mark.line + 1} if node is not None else {}
    problems = list(index_lines(node, (), lines)) if node is not None else []
    if not isinstance(data, dict):
        problems.append(Problem(1, "", "the file must be a mapping of `key: value` lines"))
        return None, problems
    return Parsed(to_plain(data), lines), problems


def to_plain(value: Any) -> Any:
    """The same data with every mapping key as text, as the models and paths expect."""
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    return value


def read_yaml(path: Path) -> Any:
    """A YAML file of the project's own (exam guide, topics), read with the same loader."""
    parsed, problems = parse(path.read_text(encoding="utf-8"))
    if problems or parsed is None:
        raise DataError(display_path(path), problems)
    return parsed.data


# ---------------------------------------------------------------- validating

HINTS = {
    "string_type": "expected text; write it as a string (wrap it in quotes)",
    "list_type": "expected a list; put each item on its own line starting with '- '",
    "dict_type": "expected a mapping of `key: value` lines",
    "model_type": "expected a mapping of `key: value` lines",
    "model_attributes_type": "expected a mapping of `key: value` lines",
    "date_type": "expected a date; write it as YYYY-MM-DD",
    "url_parsing": "expected a URL such as https://docs.aws.amazon.com/...",
    "url_scheme": "expected an https URL",
    "bool_type": "expected `true` or `false`",
    "bool_parsing": "expected `true` or `false`",
}


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
        args = [a for arg in getattr(ann, "__args__", ()) or (ann,) for a in (arg, *_args(arg))]
        current = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if current is None:
            return []
    return list(current.model_fields) if isinstance(current, type) else []


def _args(annotation: Any) -> tuple:
    return getattr(annotation, "__args__", ()) or ()


def explain(err: dict[str, Any], loc: Loc, model: type) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        fields = allowed_fields(model, loc)
        guess = difflib.get_close_matches(str(loc[-1]), fields, n=1)
        hint = f"did you mean `{guess[0]}`?" if guess else f"allowed: {', '.join(fields)}"
        return f"unknown field; remove it or fix its name ({hint})"
    if kind == "missing":
        return f"required field `{loc[-1]}` is missing; add it"
    if kind == "literal_error":
        return f"{err['msg'].lower()}; pick one of those values"
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        value = err.get("input")
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            return f"`{value}` is not a day of the calendar; write a real date as YYYY-MM-DD"
        return "expected a date; write it as YYYY-MM-DD"
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
    if kind == "too_long":
        return f"{err['msg'].lower()}; remove some"
    if kind == "string_too_short":
        return "must not be empty; write the value or remove the field"
    if kind == "value_error":
        return err["msg"].removeprefix("Value error, ")
    if kind in HINTS:
        return HINTS[kind]
    return err["msg"]


def validate(parsed: Parsed, model: type) -> tuple[Any | None, list[Problem]]:
    """The typed data, or the schema's problems with their lines."""
    from pydantic import ValidationError

    try:
        return model.model_validate(parsed.data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            problems.append(
                Problem(line_of(parsed.lines, loc), dotted(loc), explain(err, loc, model))
            )
        return None, problems


# ---------------------------------------------------------------- rules across fields


def _items(raw: Any, key: str) -> Iterator[tuple[int, dict]]:
    seq = raw.get(key) if isinstance(raw, dict) else None
    if isinstance(seq, list):
        for i, item in enumerate(seq):
            if isinstance(item, dict):
                yield i, item


class Checker:
    """Collects problems at locations of one parsed file."""

    def __init__(self, parsed: Parsed) -> None:
        self.parsed = parsed
        self.problems: list[Problem] = []

    def add(self, loc: Loc, message: str) -> None:
        self.problems.append(Problem(line_of(self.parsed.lines, loc), dotted(loc), message))

    def task(self, loc: Loc, task: Any) -> None:
        ids = examguide.task_ids()
        if isinstance(task, str) and task not in ids:
            self.add(loc, f"unknown exam task `{task}`; use one of {', '.join(sorted(ids))}")


def data_rules(parsed: Parsed) -> list[Problem]:
    """Rules of data/comparisons.yml that span fields: ids, cells against columns, task ids."""
    check = Checker(parsed)
    raw = parsed.data
    ids: dict[str, str] = {}
    for section in ("comparisons", "facts"):
        for i, item in _items(raw, section):
            ident = item.get("id")
            if isinstance(ident, str):
                if ident in ids:
                    check.add(
                        (section, i, "id"),
                        f"id `{ident}` is already used by {ids[ident]}; "
                        "give this one a different id",
                    )
                else:
                    ids[ident] = dotted((section, i))
            tasks = item.get("exam_tasks")
            for j, task in enumerate(tasks if isinstance(tasks, list) else []):
                check.task((section, i, "exam_tasks", j), task)

    _card_rules(raw, check)
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
                check.add(
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
                    check.add(
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
                    check.add(
                        ("comparisons", i, "rows", r, "cells", key),
                        f"no column has the key `{key}`; {hint}",
                    )
    return check.problems


def _card_rules(raw: Any, check: Checker) -> None:
    """Flashcard marks: `[[...]]` closed and not empty, drill flags on short cells, ids unique."""
    from .cards import ARROW, CLOZE, MAX_WORDS, cloze_problems, slug, word_count

    seen: dict[str, Loc] = {}

    def claim(ident: str, loc: Loc) -> None:
        if ident in seen:
            check.add(
                loc,
                f"two flashcards would get the id `{ident}` (the other: {dotted(seen[ident])}); "
                "give this fact an `id:` of its own",
            )
        seen.setdefault(ident, loc)

    for i, facts in _items(raw, "facts"):
        for j, fact in _items(facts, "items"):
            text = fact.get("text")
            if not isinstance(text, str):
                continue
            for problem in cloze_problems(text):
                check.add(("facts", i, "items", j, "text"), problem)
            base = fact.get("id") if isinstance(fact.get("id"), str) else None
            marks = CLOZE.findall(text)
            if marks:
                claim(
                    f"{facts.get('id')}/{base or slug(CLOZE.sub(' ', text))}",
                    ("facts", i, "items", j),
                )
            elif fact.get("kind") == "cue" and ARROW.search(text):
                front = ARROW.split(CLOZE.sub(r"\1", text), maxsplit=1)[0].strip('"“” ')
                claim(f"{facts.get('id')}/{base or slug(front)}", ("facts", i, "items", j))
    for i, comp in _items(raw, "comparisons"):
        rows = [r for _, r in _items(comp, "rows")]
        for j, col in _items(comp, "columns"):
            if col.get("drill") is not True:
                continue
            key = col.get("key")
            cells = [r.get("cells", {}).get(key) for r in rows if isinstance(r.get("cells"), dict)]
            long = [c for c in cells if isinstance(c, str) and word_count(c) > MAX_WORDS]
            if cells and len(long) * 2 > len(cells):
                check.add(
                    ("comparisons", i, "columns", j, "drill"),
                    f"{len(long)} of this column's {len(cells)} cells are over {MAX_WORDS} words, "
                    "too long to drill; remove `drill: true` or shorten the cells",
                )


def data_links(raw: Any) -> Iterator[tuple[Loc, str]]:
    """Every page link of data/comparisons.yml, with where it is."""
    for section, nested in (("comparisons", "rows"), ("facts", "items")):
        for i, item in _items(raw, section):
            for j, child in _items(item, nested):
                if isinstance(child.get("page"), str):
                    yield (section, i, nested, j, "page"), child["page"]
    for section in ("corrections", "glossary", "retired", "aliases"):
        for i, item in _items(raw, section):
            if isinstance(item.get("page"), str):
                yield (section, i, "page"), item["page"]


CHOOSE = re.compile(r"\(Choose (two|three)\.\)\s*$")
COUNT = {"two": 2, "three": 3}


def question_rules(parsed: Parsed) -> list[Problem]:
    """Rules of a question file: right answers against the stem, options, task and domain."""
    check = Checker(parsed)
    domain = parsed.data.get("domain")
    for i, q in _items(parsed.data, "questions"):
        task = q.get("task")
        check.task(("questions", i, "task"), task)
        known = isinstance(task, str) and task in examguide.task_ids()
        if known and isinstance(domain, int) and not task.startswith(f"{domain}."):
            check.add(
                ("questions", i, "task"),
                f"task `{task}` is not in domain {domain}, which this file holds; "
                f"move the question to the file of domain {task[:1]}",
            )
        options = [o for o in q.get("options") or [] if isinstance(o, dict)]
        texts: dict[str, int] = {}
        for j, option in enumerate(options):
            text = " ".join(str(option.get("text", "")).split()).lower()
            if text in texts:
                check.add(
                    ("questions", i, "options", j, "text"),
                    f"the same text as option {texts[text] + 1}; every option must differ",
                )
            texts.setdefault(text, j)
            if re.search(r"\b(all|none) of the above\b", text):
                check.add(
                    ("questions", i, "options", j, "text"),
                    "'all/none of the above' is not allowed; write a real alternative",
                )
        right = sum(1 for o in options if o.get("correct") is True)
        stem = q.get("stem")
        said = CHOOSE.search(stem) if isinstance(stem, str) else None
        where = ("questions", i, "options")
        if said:
            want = COUNT[said.group(1)]
            if right != want:
                check.add(
                    where,
                    f"the stem says 'Choose {said.group(1)}' but {right} option(s) are marked "
                    f"`correct: true`; mark exactly {want}",
                )
            if len(options) not in (5, 6):
                check.add(
                    where,
                    f"a multiple-response question has 5 or 6 options, not {len(options)}",
                )
        elif right != 1:
            check.add(
                where,
                f"{right} options are marked `correct: true`; mark exactly one, or end the stem "
                "with '(Choose two.)' or '(Choose three.)' for a multiple-response question",
            )
        elif options and len(options) != 4:
            check.add(where, f"a multiple-choice question has 4 options, not {len(options)}")
    return check.problems


def question_links(raw: Any) -> Iterator[tuple[Loc, str]]:
    for i, q in _items(raw, "questions"):
        evidence = q.get("evidence")
        for j, ref in enumerate(evidence if isinstance(evidence, list) else []):
            if isinstance(ref, str):
                yield ("questions", i, "evidence", j), ref


@dataclass(frozen=True)
class Link:
    """A page link of a data file: where it is, and `page.md` or `page.md#anchor`."""

    line: int
    path: str
    ref: str


def link_problems(links: Iterable[Link], docs: DocsIndex | None) -> list[Problem]:
    """A page link must name a page under docs/ and, with `#anchor`, one of its headings."""
    if docs is None:
        return []
    problems = []
    for link in links:
        page, _, anchor = link.ref.partition("#")
        if not docs.has_page(page):
            message = f"page `{page}` does not exist under docs/; fix the path or create it"
        elif anchor and anchor not in docs.anchors(page):
            hint = difflib.get_close_matches(anchor, sorted(docs.anchors(page)), n=1)
            fix = f"did you mean `{page}#{hint[0]}`?" if hint else "link to one of its headings"
            message = f"`{page}` has no heading with the anchor `#{anchor}`; {fix}"
        else:
            continue
        problems.append(Problem(link.line, link.path, message))
    return problems


# ---------------------------------------------------------------- entry points


@dataclass(frozen=True)
class Kind:
    """One kind of data file: its model, its rules across fields and its page links."""

    name: str
    model: Callable[[], type]
    rules: Callable[[Parsed], list[Problem]]
    links: Callable[[Any], Iterable[tuple[Loc, str]]]


def _data_model() -> type:
    from .models import DataFile

    return DataFile


def _question_model() -> type:
    from .models import QuestionFile

    return QuestionFile


DATA = Kind("data", _data_model, data_rules, data_links)
QUESTIONS = Kind("questions", _question_model, question_rules, question_links)


def check_text(text: str, kind: Kind = DATA) -> tuple[Any | None, list[Link], list[Problem]]:
    """Everything that depends on the text alone: the typed data, its page links (checked
    against the pages separately, as pages change), and the problems found."""
    parsed, problems = parse(text)
    if parsed is None:
        return None, [], problems
    data, schema = validate(parsed, kind.model())
    links = [
        Link(line_of(parsed.lines, loc), dotted(loc), ref) for loc, ref in kind.links(parsed.data)
    ]
    return data, links, problems + schema + kind.rules(parsed)


def load_text(
    text: str, file: Path | str = "<data>", docs: DocsIndex | None = None, kind: Kind = DATA
) -> Any:
    """Validate YAML text; raise DataError listing every problem."""
    data, links, problems = check_text(text, kind)
    problems += link_problems(links, docs)
    if problems or data is None:
        raise DataError(file, problems)
    return data


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load(path: Path, docs: DocsIndex | None = None, kind: Kind = DATA) -> Any:
    """Load and validate one data file from disk."""
    return load_text(path.read_text(encoding="utf-8"), display_path(path), docs, kind)


def data_page_links(data: DataFile) -> list[str]:
    """Every page link of the validated data file (`docs/` path, maybe with an anchor)."""
    refs = [row.page for comp in data.comparisons for row in comp.rows]
    refs += [item.page for facts in data.facts for item in facts.items]
    refs += [c.page for c in data.corrections] + [t.page for t in data.glossary]
    refs += [r.page for r in data.retired] + [a.page for a in data.aliases]
    return [ref for ref in refs if ref]


def question_links_of(files: Iterable[QuestionFile]) -> list[str]:
    return [ref for f in files for q in f.questions for ref in q.evidence]
