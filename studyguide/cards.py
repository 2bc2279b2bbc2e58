"""Flashcards generated from the data, never typed twice. Pure: data in, cards out.

Three kinds of card, each with a stable id made from where it comes from, so that a
corrected figure changes a card's back and keeps its id (and a learner's history):

- from a comparison column marked `drill: true`: a card per row ("S3 Glacier Deep
  Archive: minimum storage duration?" -> "180 days"), id `COMPARISON/ROW/COLUMN`; and a
  reverse card ("Which storage class has a minimum storage duration of 180 days?") where
  that value is unique in its column, id `.../reverse`;
- from a fact with `[[...]]` marks: a cloze card per mark, the marked part hidden, id
  `LIST/FACT/N`, FACT being the fact's `id` or a slug of its words outside the marks;
- from an exam cue written `"when you read this" -> that service`: front and back on
  either side of the arrow, id `LIST/CUE`, CUE a slug of the words before the arrow.

A back longer than `MAX_WORDS` is not a card anyone can drill: it is skipped, and
reported with why.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Comparison, DataFile, Fact, FactList

MAX_WORDS = 25
CLOZE = re.compile(r"\[\[(.+?)\]\]")
ARROW = re.compile(r"\s*(?:→|->)\s*")
SKIP_VALUES = {"n/a", "-", "—", "none", "no", "yes"}  # a bare yes/no or n/a drills nothing


@dataclass(frozen=True)
class Card:
    id: str
    kind: str  # value, reverse, cloze, cue
    area: str
    tasks: tuple[str, ...]
    front: str
    back: str
    source: str  # the table's or list's title
    link: str  # page.md#anchor where the site shows it


@dataclass(frozen=True)
class Skipped:
    source: str
    what: str
    why: str


def plain(text: str) -> str:
    """A fact's text as the reader sees it: the `[[...]]` marks removed."""
    return CLOZE.sub(r"\1", text)


def slug(text: str, words: int = 8) -> str:
    found = re.findall(r"[a-z0-9]+", plain(text).lower())
    return "-".join(found[:words]) or "x"


def lower(text: str) -> str:
    """`Max discount` -> `max discount`, but `OSI layer` and `RPO` stay as they are."""
    first = text.split(" ", 1)[0]
    return text if len(first) > 1 and first[1].isupper() else text[:1].lower() + text[1:]


def word_count(text: str) -> int:
    return len(text.split())


def cloze_problems(text: str) -> list[str]:
    """What is wrong with a fact's `[[...]]` marks, said for a contributor."""
    problems = []
    if "[[]]" in text or re.search(r"\[\[\s+\]\]", text):
        problems.append("an empty `[[]]` mark hides nothing; put the words to hide inside it")
    stripped = CLOZE.sub("", re.sub(r"\[\[\s*\]\]", "", text))
    if "[[" in stripped or "]]" in stripped:
        problems.append("a `[[` without its `]]` (or the reverse); close every mark")
    return problems


def _comparison_cards(comp: Comparison, link: str, out: list[Card], skipped: list[Skipped]) -> None:
    for col in comp.columns:
        if not col.drill:
            continue
        values = Counter(row.cells[col.key].strip().lower() for row in comp.rows)
        label = col.label.rstrip("?")
        for row in comp.rows:
            value = row.cells[col.key].strip()
            where = f"{comp.title}: {row.name}, {col.label}"
            if value.lower() in SKIP_VALUES:
                skipped.append(Skipped(comp.id, where, f"the value is only {value!r}"))
                continue
            if word_count(value) > MAX_WORDS:
                skipped.append(
                    Skipped(comp.id, where, f"{word_count(value)} words, over {MAX_WORDS}")
                )
                continue
            ident = f"{comp.id}/{slug(row.name)}/{col.key}"
            common = (comp.area, tuple(comp.exam_tasks))
            out.append(
                Card(ident, "value", *common, f"{row.name}: {label}?", value, comp.title, link)
            )
            if values[value.lower()] == 1 and word_count(value) <= 8:
                front = f"Which {lower(comp.row_label)}: {lower(label)} = {value.rstrip('?')}?"
                out.append(
                    Card(f"{ident}/reverse", "reverse", *common, front, row.name, comp.title, link)
                )


def _fact_cards(facts: FactList, link: str, out: list[Card], skipped: list[Skipped]) -> None:
    for fact in facts.items:
        marks = CLOZE.findall(fact.text)
        page = fact.page or link
        common = (facts.area, tuple(facts.exam_tasks))
        if marks:
            base = fact.id or slug(CLOZE.sub(" ", fact.text))
            for n, mark in enumerate(marks):
                if word_count(mark) > MAX_WORDS:
                    skipped.append(
                        Skipped(facts.id, plain(fact.text), "the hidden part is too long")
                    )
                    continue
                hidden = [0]

                def hide(m: re.Match[str], n=n, hidden=hidden) -> str:
                    hidden[0] += 1
                    return "[…]" if hidden[0] - 1 == n else m.group(1)

                front = CLOZE.sub(hide, fact.text)
                out.append(
                    Card(
                        f"{facts.id}/{base}/{n + 1}",
                        "cloze",
                        *common,
                        front,
                        mark,
                        facts.title,
                        page,
                    )
                )
        elif fact.kind == "cue":
            parts = ARROW.split(plain(fact.text), maxsplit=1)
            if len(parts) != 2:
                skipped.append(Skipped(facts.id, fact.text, "a cue without an arrow (→)"))
                continue
            front, back = (p.strip().strip('"“”') for p in parts)
            if word_count(back) > MAX_WORDS:
                skipped.append(
                    Skipped(facts.id, fact.text, f"the answer is over {MAX_WORDS} words")
                )
                continue
            ident = f"{facts.id}/{fact.id or slug(front)}"
            out.append(Card(ident, "cue", *common, f"Exam cue: {front}", back, facts.title, page))


def cards(data: DataFile, shown: dict[str, str]) -> tuple[list[Card], list[Skipped]]:
    """Every card of the data, in the data's order, and what was skipped.

    `shown` maps `cmp-ID` / `facts-ID` to the `page.md#anchor` that shows that table or
    list (studyguide.pages.DocsIndex.shown)."""
    out: list[Card] = []
    skipped: list[Skipped] = []
    for comp in data.comparisons:
        first_page = next((r.page for r in comp.rows if r.page), "")
        link = shown.get(f"cmp-{comp.id}", first_page)
        _comparison_cards(comp, link, out, skipped)
    for facts in data.facts:
        _fact_cards(facts, shown.get(f"facts-{facts.id}", ""), out, skipped)
    return out, skipped


def anchor(card_id: str) -> str:
    return "c-" + hashlib.sha256(card_id.encode("utf-8")).hexdigest()[:10]


def page_html(found: Sequence[Card], href: Callable[[str], str], root: str, area: str) -> str:
    """A flashcards page: each card a `<details>` (front, then back), readable without
    JavaScript; the review script turns them into a spaced-repetition session."""
    from .render import esc

    items = []
    for card in found:
        back = f'<p class="fc-answer">{esc(card.back)}</p>'
        source = (
            f'<a href="{esc(href(card.link))}">{esc(card.source)}</a>'
            if card.link
            else esc(card.source)
        )
        items.append(
            f'<li class="fc" id="{anchor(card.id)}" data-id="{esc(card.id)}" '
            f'data-area="{esc(card.area)}" data-kind="{card.kind}">'
            f'<details><summary class="fc-front">{esc(card.front)}</summary>'
            f'<div class="fc-back">{back}<p class="fc-source">From {source} · '
            f"Task {esc(', '.join(card.tasks))}</p></div></details></li>"
        )
    return (
        f'<div class="flashcards" data-root="{esc(root)}" data-area="{esc(area)}">'
        '<p class="fc-status" role="status" aria-live="polite"></p>'
        f'<ol class="fc-list">{"".join(items)}</ol></div>'
    )


def duplicate_ids(found: list[Card]) -> list[str]:
    counts = Counter(c.id for c in found)
    return sorted(i for i, n in counts.items() if n > 1)


def by_area(found: list[Card]) -> dict[str, list[Card]]:
    out: dict[str, list[Card]] = {}
    for card in found:
        out.setdefault(card.area, []).append(card)
    return out


def iter_facts(data: DataFile) -> Iterator[tuple[int, int, Fact]]:
    for i, facts in enumerate(data.facts):
        for j, fact in enumerate(facts.items):
            yield i, j, fact
