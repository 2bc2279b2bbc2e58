"""A pull request reviewer's view: what the data changes, and what the built site holds.

    python -m studyguide.review --base REF [--site DIR] [--output FILE] [--config FILE]

Compares the data file and the question bank at git ref REF with the working tree and
appends a Markdown summary to FILE (default: `$GITHUB_STEP_SUMMARY` when set, else stdout):
counts of the built site, then the data changes grouped by comparison id, fact list id
and section. A ref without the data file (a new repository) counts everything as added.

The core is pure: `diff` compares typed data, `summary` renders the changes (reading only
the built site's files for its counts).

Matching rules:
    rows        by name (a renamed row is one removed and one added); a changed row lists
                the cells whose text changed (cells of added or removed columns are left
                out: the column change says it) and a changed page link
    columns     by key; a column whose label changed is listed as changed
    facts       by text first, wherever the fact moved; the facts left over are paired when
                their texts are at least SIMILAR alike (best pairs first) and reported as
                changed, old text -> new text; the rest are removed or added
    entries     corrections by topic, glossary by term, retired by name, questions by id;
                aliases as (term, page) pairs, so they are only added or removed
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from .models import Comparison, DataFile, Fact, FactList, QuestionFile
    from .project import Project

SIMILAR = 0.6  # difflib ratio from which an edited fact counts as the same fact, changed
LIMIT = 8  # items listed per list in the summary before "and N more"
TEXT_LIMIT = 90  # characters of a quoted value in the summary

Status = Literal["added", "removed", "changed"]
Edit = tuple[str, str]  # (old, new)


# ---------------------------------------------------------------- the changes


@dataclass(frozen=True)
class RowChange:
    """A row found in both versions (by name) whose cells or page link changed."""

    name: str
    cells: tuple[tuple[str, str, str], ...] = ()  # (column key, old, new)
    page: Edit | None = None


@dataclass(frozen=True)
class TableChanges:
    """The changes of one comparison table; `status` says whether it is new or gone."""

    id: str
    status: Status
    rows_added: tuple[str, ...] = ()
    rows_removed: tuple[str, ...] = ()
    rows_changed: tuple[RowChange, ...] = ()
    columns_added: tuple[str, ...] = ()
    columns_removed: tuple[str, ...] = ()
    columns_changed: tuple[tuple[str, str, str], ...] = ()  # (key, old label, new label)
    title: Edit | None = None
    intro: Edit | None = None
    notes_added: tuple[str, ...] = ()
    notes_removed: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()  # other fields that changed: sources, verified...


@dataclass(frozen=True)
class FactChange:
    """A fact found in both versions whose text, kind or page changed."""

    old: str
    new: str
    fields: tuple[str, ...]  # which of text, kind, page changed


@dataclass(frozen=True)
class FactsChanges:
    """The changes of one fact list."""

    id: str
    status: Status
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[FactChange, ...] = ()
    title: Edit | None = None
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Changed:
    """An entry found in both versions by its key, and the fields that differ."""

    key: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class EntryChanges:
    """Entries of one section added, removed or changed, by key."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[Changed, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True)
class Changes:
    """Everything that differs between the base and the working tree."""

    comparisons: tuple[TableChanges, ...] = ()
    facts: tuple[FactsChanges, ...] = ()
    corrections: EntryChanges = field(default_factory=EntryChanges)
    glossary: EntryChanges = field(default_factory=EntryChanges)
    retired: EntryChanges = field(default_factory=EntryChanges)
    aliases: EntryChanges = field(default_factory=EntryChanges)
    questions: EntryChanges = field(default_factory=EntryChanges)
    notes: tuple[str, ...] = ()  # what the reader should know, e.g. a base that did not load

    def __bool__(self) -> bool:
        """True when any data changed (notes alone are no change)."""
        return any(getattr(self, f.name) for f in fields(self) if f.name != "notes")


# ---------------------------------------------------------------- comparing


def diff(
    old: DataFile | None,
    new: DataFile,
    old_questions: Iterable[QuestionFile] = (),
    new_questions: Iterable[QuestionFile] = (),
) -> Changes:
    """What changed from `old` (None: nothing existed) to `new`, section by section."""
    old_comps = {c.id: c for c in old.comparisons} if old else {}
    old_facts = {f.id: f for f in old.facts} if old else {}
    comparisons = [
        t for t in _pairs(old_comps, {c.id: c for c in new.comparisons}, _table) if t is not None
    ]
    facts = [
        f for f in _pairs(old_facts, {f.id: f for f in new.facts}, _fact_list) if f is not None
    ]
    return Changes(
        comparisons=tuple(comparisons),
        facts=tuple(facts),
        corrections=_entries(
            _keyed(old, "corrections", "topic"), _keyed(new, "corrections", "topic")
        ),
        glossary=_entries(_keyed(old, "glossary", "term"), _keyed(new, "glossary", "term")),
        retired=_entries(_keyed(old, "retired", "name"), _keyed(new, "retired", "name")),
        aliases=_entries(_alias_pairs(old), _alias_pairs(new)),
        questions=_entries(_questions(old_questions), _questions(new_questions)),
    )


def _pairs(old: dict[str, Any], new: dict[str, Any], compare: Any) -> Iterator[Any]:
    """compare(id, old or None, new or None) for every id, in the new order, then the gone."""
    for ident, item in new.items():
        yield compare(ident, old.get(ident), item)
    for ident, item in old.items():
        if ident not in new:
            yield compare(ident, item, None)


def _edit(old: str, new: str) -> Edit | None:
    return (old, new) if old != new else None


def _other_fields(old: Any, new: Any, shown: set[str]) -> tuple[str, ...]:
    """The fields of two models that differ, other than those reported on their own."""
    return tuple(
        name
        for name in type(new).model_fields
        if name not in shown and getattr(old, name) != getattr(new, name)
    )


def _removed_added(
    old: Sequence[str], new: Sequence[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Items of `old` not in `new`, and of `new` not in `old`, each in its own order."""
    return tuple(x for x in old if x not in new), tuple(x for x in new if x not in old)


TABLE_SHOWN = {"id", "title", "intro", "columns", "rows", "notes"}


def _table(ident: str, old: Comparison | None, new: Comparison | None) -> TableChanges | None:
    if new is None:
        assert old is not None
        return TableChanges(ident, "removed", rows_removed=tuple(r.name for r in old.rows))
    if old is None:
        return TableChanges(
            ident,
            "added",
            rows_added=tuple(r.name for r in new.rows),
            columns_added=tuple(c.key for c in new.columns),
        )
    old_cols = {c.key: c.label for c in old.columns}
    new_cols = {c.key: c.label for c in new.columns}
    shared = [k for k in new_cols if k in old_cols]
    old_rows = {r.name: r for r in old.rows}
    new_rows = {r.name: r for r in new.rows}
    changed = []
    for name, row in new_rows.items():
        before = old_rows.get(name)
        if before is None:
            continue
        cells = tuple(
            (k, before.cells.get(k, ""), row.cells.get(k, ""))
            for k in shared
            if before.cells.get(k) != row.cells.get(k)
        )
        page = _edit(before.page or "", row.page or "")
        if cells or page:
            changed.append(RowChange(name, cells, page))
    rows_removed, rows_added = _removed_added(list(old_rows), list(new_rows))
    cols_removed, cols_added = _removed_added(list(old_cols), list(new_cols))
    notes_removed, notes_added = _removed_added(old.notes, new.notes)
    table = TableChanges(
        ident,
        "changed",
        rows_added=rows_added,
        rows_removed=rows_removed,
        rows_changed=tuple(changed),
        columns_added=cols_added,
        columns_removed=cols_removed,
        columns_changed=tuple(
            (k, old_cols[k], new_cols[k]) for k in shared if old_cols[k] != new_cols[k]
        ),
        title=_edit(old.title, new.title),
        intro=_edit(old.intro, new.intro),
        notes_added=notes_added,
        notes_removed=notes_removed,
        fields=_other_fields(old, new, TABLE_SHOWN),
    )
    return table if table != TableChanges(ident, "changed") else None


def match_facts(
    old: Sequence[Fact], new: Sequence[Fact]
) -> tuple[list[int], list[int], list[tuple[int, int]]]:
    """(removed, added, pairs) as indexes: facts are the same fact when their texts are
    equal (wherever they moved), else when they are at least SIMILAR alike, best first."""
    pairs: list[tuple[int, int]] = []
    free_new = list(range(len(new)))
    free_old = []
    for i, fact in enumerate(old):
        j = next((j for j in free_new if new[j].text == fact.text), None)
        if j is None:
            free_old.append(i)
        else:
            pairs.append((i, j))
            free_new.remove(j)
    scored = sorted(
        (
            (-_similarity(old[i].text, new[j].text), abs(i - j), i, j)
            for i in free_old
            for j in free_new
        ),
    )
    for negative, _, i, j in scored:
        if -negative < SIMILAR:
            break
        if i in free_old and j in free_new:
            pairs.append((i, j))
            free_old.remove(i)
            free_new.remove(j)
    return free_old, free_new, sorted(pairs, key=lambda p: p[1])


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


FACTS_SHOWN = {"id", "title", "items"}


def _fact_list(ident: str, old: FactList | None, new: FactList | None) -> FactsChanges | None:
    if new is None:
        assert old is not None
        return FactsChanges(ident, "removed", removed=tuple(f.text for f in old.items))
    if old is None:
        return FactsChanges(ident, "added", added=tuple(f.text for f in new.items))
    removed, added, pairs = match_facts(old.items, new.items)
    changed = []
    for i, j in pairs:
        before, after = old.items[i], new.items[j]
        which = tuple(
            name
            for name in ("text", "kind", "page")
            if getattr(before, name) != getattr(after, name)
        )
        if which:
            changed.append(FactChange(before.text, after.text, which))
    facts = FactsChanges(
        ident,
        "changed",
        added=tuple(new.items[j].text for j in added),
        removed=tuple(old.items[i].text for i in removed),
        changed=tuple(changed),
        title=_edit(old.title, new.title),
        fields=_other_fields(old, new, FACTS_SHOWN),
    )
    return facts if facts != FactsChanges(ident, "changed") else None


def _keyed(data: DataFile | None, section: str, key: str) -> dict[str, Any]:
    return {getattr(item, key): item for item in getattr(data, section)} if data else {}


def _alias_pairs(data: DataFile | None) -> dict[str, Any]:
    """Every alias as `term → page`: a term moved to another page is removed and added."""
    if data is None:
        return {}
    return {f"{term} → {a.page}": None for a in data.aliases for term in a.terms}


def _questions(files: Iterable[QuestionFile]) -> dict[str, Any]:
    return {q.id: q for f in files for q in f.questions}


def _entries(old: dict[str, Any], new: dict[str, Any]) -> EntryChanges:
    removed, added = _removed_added(list(old), list(new))
    changed = tuple(
        Changed(key, _other_fields(old[key], item, set()))
        for key, item in new.items()
        if key in old and old[key] != item
    )
    return EntryChanges(added, removed, changed)


# ---------------------------------------------------------------- the built site

CLASS_ATTR = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)


def class_count(html: str, name: str) -> int:
    """How many elements of the HTML carry the class `name` (a whole class, not a prefix)."""
    return sum(name in "".join(m.groups(default="")).split() for m in CLASS_ATTR.finditer(html))


def site_counts(site_dir: Path) -> dict[str, int]:
    """What the built site holds: pages, comparison tables, cheat sheets and, when the
    site has them, diagrams."""
    pages = list(site_dir.rglob("index.html"))
    tables = sum(
        class_count(p.read_text(encoding="utf-8", errors="replace"), "cmp-table")
        for p in site_dir.rglob("*.html")
    )
    counts = {
        "pages": len(pages),
        "comparison tables": tables,
        "cheat sheets (PDF)": len(list((site_dir / "cheatsheets").rglob("*.pdf"))),
    }
    diagrams = site_dir / "assets" / "diagrams"
    if diagrams.is_dir():
        counts["diagrams (SVG)"] = len(list(diagrams.rglob("*.svg")))
    return counts


# ---------------------------------------------------------------- Markdown

MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]<>|#~])")


def text(value: str, limit: int = TEXT_LIMIT) -> str:
    """A value as one line of Markdown: whitespace collapsed, cut at `limit`, escaped."""
    line = " ".join(value.split())
    if len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", line)


def changed_part(old: str, new: str, limit: int = 60, context: int = 2) -> Edit:
    """Two long texts cut to the words that differ, with `context` words either side,
    so that the change shows in a short line; short texts come back whole."""
    a, b = old.split(), new.split()
    if len(" ".join(a)) <= limit and len(" ".join(b)) <= limit:
        return " ".join(a), " ".join(b)
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    start = max(head - context, 0)
    keep = max(tail - context, 0)

    def cut(words: list[str]) -> str:
        middle = " ".join(words[start : len(words) - keep])
        return ("… " if start else "") + middle + (" …" if keep else "")

    return cut(a), cut(b)


def arrow(old: str, new: str, limit: int = 60) -> str:
    """`old → new`, cut to the part that changed when the texts are long."""
    a, b = changed_part(old, new, limit)
    return f"{text(a or '(empty)', limit)} → {text(b or '(empty)', limit)}"


def capped(items: Sequence[str], limit: int = LIMIT) -> list[str]:
    """The first `limit` items, then "and N more" when there are more."""
    if len(items) <= limit:
        return list(items)
    return [*items[:limit], f"and {len(items) - limit} more"]


def _inline(items: Sequence[str], limit: int = LIMIT) -> str:
    return ", ".join(capped([text(i, 60) for i in items], limit))


def _bullets(label: str, items: Sequence[str]) -> list[str]:
    """`- label: a, b, and N more` for a list that is not empty."""
    return [f"- {label}: {_inline(items)}"] if items else []


def _edit_line(label: str, edit: Edit | None) -> list[str]:
    return [f"- {label}: {arrow(*edit, limit=TEXT_LIMIT)}"] if edit else []


def capped_lines(
    items: Sequence[Any], lines: Callable[[Any], list[str]], limit: int = LIMIT
) -> list[str]:
    """Each item's lines for the first `limit` items, then "and N more"."""
    out = [line for item in items[:limit] for line in lines(item)]
    if len(items) > limit:
        out.append(f"  - and {len(items) - limit} more")
    return out


def _status(kind: str, ident: str, status: Status) -> str:
    return f"#### {kind} `{ident}`" + ("" if status == "changed" else f" ({status})")


def _table_lines(t: TableChanges) -> list[str]:
    head = _status("Comparison", t.id, t.status)
    if t.status == "added":
        return [head, f"- {len(t.rows_added)} rows, columns: {_inline(t.columns_added)}"]
    if t.status == "removed":
        return [head, f"- had {len(t.rows_removed)} rows: {_inline(t.rows_removed)}"]
    lines = [head, *_edit_line("title", t.title), *_edit_line("intro", t.intro)]
    lines += _bullets("columns added", t.columns_added)
    lines += _bullets("columns removed", t.columns_removed)
    lines += _bullets("columns relabelled", [f"{k}: {a} → {b}" for k, a, b in t.columns_changed])
    lines += _bullets("rows added", t.rows_added) + _bullets("rows removed", t.rows_removed)
    if t.rows_changed:
        lines.append(f"- rows changed ({len(t.rows_changed)}):")
        lines += capped_lines(t.rows_changed, _row_lines)
    lines += _bullets("notes added", t.notes_added) + _bullets("notes removed", t.notes_removed)
    lines += _bullets("also changed", t.fields)
    return lines


def _row_lines(row: RowChange) -> list[str]:
    cells = [f"`{key}`: {arrow(a, b)}" for key, a, b in row.cells]
    if row.page:
        cells.append(f"page: {arrow(row.page[0] or 'none', row.page[1] or 'none')}")
    return [f"  - {text(row.name, 60)}: " + "; ".join(capped(cells, 4))]


def _facts_lines(f: FactsChanges) -> list[str]:
    head = _status("Fact list", f.id, f.status)
    if f.status == "added":
        return [head, f"- {len(f.added)} facts"]
    if f.status == "removed":
        return [head, f"- had {len(f.removed)} facts"]
    lines = [head, *_edit_line("title", f.title)]
    lines += _bullets("facts added", f.added) + _bullets("facts removed", f.removed)
    if f.changed:
        lines.append(f"- facts changed ({len(f.changed)}):")
        lines += capped_lines(f.changed, _fact_lines)
    lines += _bullets("also changed", f.fields)
    return lines


def _fact_lines(c: FactChange) -> list[str]:
    shown = arrow(c.old, c.new, 70) if "text" in c.fields else text(c.new, 70)
    return [f"  - {shown}" + ("" if c.fields == ("text",) else f" ({', '.join(c.fields)})")]


def _metadata_lines(kind: str, items: Sequence[TableChanges | FactsChanges]) -> list[str]:
    """One line per set of fields for the tables or lists that changed only there."""
    if not items:
        return []
    groups: dict[tuple[str, ...], list[str]] = {}
    for item in items:
        groups.setdefault(item.fields, []).append(f"`{item.id}`")
    lines = [f"#### {kind} with only other fields changed"]
    for which, idents in groups.items():
        lines.append(f"- {', '.join(which)}: {', '.join(capped(idents))}")
    return lines


def _entry_lines(title: str, e: EntryChanges) -> list[str]:
    lines = [f"#### {title}"]
    lines += _bullets("added", e.added) + _bullets("removed", e.removed)
    lines += _bullets("changed", [f"{c.key} ({', '.join(c.fields)})" for c in e.changed])
    return lines


def _sections(changes: Changes) -> dict[str, EntryChanges]:
    return {
        "Questions": changes.questions,
        "Corrections": changes.corrections,
        "Glossary": changes.glossary,
        "Retired and renamed": changes.retired,
        "Search aliases": changes.aliases,
    }


def totals(changes: Changes) -> str:
    """One line of counts: `2 comparisons changed; 3 questions added, 1 removed.`"""
    parts = []
    named = {"comparisons": changes.comparisons, "fact lists": changes.facts}
    counted: dict[str, dict[str, int]] = {
        name: {s: sum(1 for i in items if i.status == s) for s in ("added", "removed", "changed")}
        for name, items in named.items()
    }
    for title, e in _sections(changes).items():
        counted[title.lower()] = {
            "added": len(e.added),
            "removed": len(e.removed),
            "changed": len(e.changed),
        }
    for name, by_status in counted.items():
        said = [f"{n} {status}" for status, n in by_status.items() if n]
        if said:
            parts.append(f"{name}: {', '.join(said)}")
    line = "; ".join(parts)
    return line[:1].upper() + line[1:] + "."


def summary(changes: Changes, site_dir: Path | None) -> str:
    """The Markdown job summary: the built site's counts, then the data changes."""
    lines = ["## Pull request review", "", "### Built site", ""]
    if site_dir is not None and site_dir.is_dir():
        lines += ["| What | Count |", "| --- | ---: |"]
        lines += [f"| {what} | {n} |" for what, n in site_counts(site_dir).items()]
    else:
        lines.append(f"No built site at `{site_dir}`." if site_dir else "No site given.")
    lines += ["", "### Data changes", ""]
    if changes.notes:
        lines += [*(f"> {text(note, 400)}" for note in changes.notes), ""]
    if not changes:
        return "\n".join([*lines, "No data changes."]) + "\n"
    lines += [totals(changes), ""]
    tables = [t for t in changes.comparisons if not _only_fields(t)]
    facts = [f for f in changes.facts if not _only_fields(f)]
    blocks = [_table_lines(t) for t in tables]
    blocks.append(
        _metadata_lines("Comparisons", [t for t in changes.comparisons if _only_fields(t)])
    )
    blocks += [_facts_lines(f) for f in facts]
    blocks.append(_metadata_lines("Fact lists", [f for f in changes.facts if _only_fields(f)]))
    blocks += [_entry_lines(title, e) for title, e in _sections(changes).items() if e]
    for block in blocks:
        if block:
            lines += [*block, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _only_fields(item: TableChanges | FactsChanges) -> bool:
    """A changed table or list whose only changes are other fields (sources, dates...)."""
    return item.status == "changed" and replace(item, fields=()) == type(item)(item.id, "changed")


# ---------------------------------------------------------------- the base from git


class ReviewError(Exception):
    """The base cannot be read (no git, an unknown ref); the message says why."""


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, encoding="utf-8", errors="replace"
    )


@dataclass(frozen=True)
class Base:
    """One commit of the repository that holds `root`, read with `git show`."""

    top: Path  # the repository's top folder
    ref: str

    @classmethod
    def at(cls, root: Path, ref: str) -> Base:
        """The commit `ref` names; ReviewError when there is no repository or no such ref."""
        top = git(root, "rev-parse", "--show-toplevel")
        if top.returncode:
            raise ReviewError(f"{root} is not in a git repository: {top.stderr.strip()}")
        if git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode:
            raise ReviewError(f"unknown git ref `{ref}`; fetch it first (e.g. fetch-depth: 0)")
        return cls(Path(top.stdout.strip()).resolve(), ref)

    def path(self, path: Path) -> str:
        """`path` as git names it: relative to the top folder, with slashes."""
        return path.resolve().relative_to(self.top).as_posix()

    def text(self, path: Path) -> str | None:
        """The text of `path` at the commit, or None when the commit has no such file."""
        shown = git(self.top, "show", f"{self.ref}:{self.path(path)}")
        return shown.stdout if shown.returncode == 0 else None

    def yaml_files(self, folder: Path) -> list[Path]:
        """The `*.yml` files directly in `folder` at the commit (none when it had no folder)."""
        listed = git(self.top, "ls-tree", "-z", "--name-only", self.ref, f"{self.path(folder)}/")
        return [self.top / n for n in sorted(listed.stdout.split("\0")) if n.endswith(".yml")]


def load_base(project: Project, ref: str) -> tuple[DataFile | None, list[QuestionFile], list[str]]:
    """The data and questions at `ref`, validated without the links check (the pages of
    that commit are not on disk), and notes for the reader: no data file, or a file that
    does not validate with the working tree's models (it counts as absent)."""
    from .loader import QUESTIONS, DataError, load_text

    base = Base.at(project.root, ref)
    notes = []
    data = None
    data_text = base.text(project.data_file)
    if data_text is None:
        notes.append(f"{ref} has no data file: everything counts as added.")
    else:
        try:
            data = load_text(data_text, f"{ref}:{base.path(project.data_file)}")
        except DataError as exc:
            notes.append(
                f"The data file at {ref} does not validate with this branch's models "
                f"({len(exc.lines)} problem(s)); everything in it counts as added."
            )
    questions = []
    for path in base.yaml_files(project.questions_dir):
        text_at = base.text(path)
        try:
            questions.append(load_text(text_at or "", f"{ref}:{base.path(path)}", kind=QUESTIONS))
        except DataError as exc:
            notes.append(
                f"The question file {base.path(path)} at {ref} does not validate with this "
                f"branch's models ({len(exc.lines)} problem(s)); its questions count as added."
            )
    return data, questions, notes


# ---------------------------------------------------------------- the command


def main(argv: Sequence[str] | None = None) -> int:
    from .loader import DataError
    from .project import Project

    parser = argparse.ArgumentParser(
        prog="python -m studyguide.review", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--base", required=True, help="the git ref to compare with, e.g. origin/main"
    )
    parser.add_argument("--site", type=Path, help="the built site to count (default: none)")
    parser.add_argument(
        "--output", type=Path, help="append here (default: $GITHUB_STEP_SUMMARY, else stdout)"
    )
    parser.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), help="the site configuration"
    )
    args = parser.parse_args(argv)

    project = Project.from_file(args.config)
    try:
        bundle = project.load()
    except DataError as exc:
        print(exc, file=sys.stderr)
        print(f"review: the working tree's data has {len(exc.lines)} problem(s)", file=sys.stderr)
        return 1
    try:
        old, old_questions, notes = load_base(project, args.base)
    except ReviewError as exc:
        print(f"review: {exc}", file=sys.stderr)
        return 2
    changes = replace(diff(old, bundle.data, old_questions, bundle.questions), notes=tuple(notes))
    markdown = summary(changes, args.site)
    output = args.output or (
        Path(os.environ["GITHUB_STEP_SUMMARY"]) if os.environ.get("GITHUB_STEP_SUMMARY") else None
    )
    if output is None:
        sys.stdout.write(markdown)
    else:
        with output.open("a", encoding="utf-8") as out:
            out.write(markdown)
        print(f"review: summary appended to {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
