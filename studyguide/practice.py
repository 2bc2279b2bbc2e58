"""The question bank as practice pages: HTML that works without JavaScript, and the data
the practice script reads. Pure functions: questions in, strings out.

Without JavaScript a question shows its options and a closed "Show the answer" box with
the key, an explanation for every option and the evidence. The practice script
(docs/assets/javascripts/practice.js) turns each question into a form to answer, keeps
progress in the browser and runs the exam simulation from the bank's JSON.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .examguide import Domain, domains, tasks
from .render import esc, page_url

if TYPE_CHECKING:
    from .models import Question, QuestionFile

Href = Callable[[str], str]
LETTERS = "ABCDEF"
EXAM_SIZE = 65  # questions in a simulated exam, as in the real one
EXAM_MINUTES = 130
DIFFICULTY = {1: "easy", 2: "medium", 3: "hard"}


def anchor(question_id: str) -> str:
    """A question's id in the page: a hash, so that the address bar does not name the answer."""
    return "q-" + hashlib.sha256(question_id.encode("utf-8")).hexdigest()[:10]


def slug(task_or_domain: str) -> str:
    """`1.1` -> `task-1-1`; `2` -> `domain-2`: the practice page's file name."""
    return (
        f"task-{task_or_domain.replace('.', '-')}"
        if "." in task_or_domain
        else f"domain-{task_or_domain}"
    )


def all_questions(files: Iterable[QuestionFile]) -> list[Question]:
    """Every question, by task statement and then in the files' order."""
    questions = [q for f in files for q in f.questions]
    return sorted(questions, key=lambda q: q.task)


def right_letters(question: Question) -> list[str]:
    return [LETTERS[i] for i, o in enumerate(question.options) if o.correct]


def choose(question: Question) -> int:
    return sum(1 for o in question.options if o.correct)


def _evidence(question: Question, href: Href) -> str:
    links = [f'<a href="{esc(href(ref))}">{esc(_ref_label(ref))}</a>' for ref in question.evidence]
    sources = [
        f'<a href="{esc(str(s.url))}" rel="noopener">{esc(s.title)}</a>' for s in question.sources
    ]
    out = f'<p class="q-evidence">Read on this site: {", ".join(links)}.'
    if sources:
        out += f" AWS documentation: {', '.join(sources)}."
    return out + "</p>"


def _ref_label(ref: str) -> str:
    page, _, section = ref.partition("#")
    name = page.removesuffix(".md").removesuffix("/index").replace("/", " / ")
    return f"{name}, {section.replace('-', ' ')}" if section else name


def question_html(question: Question, number: int, href: Href) -> str:
    """One question: stem, options, and the answer with every option's explanation."""
    ident = anchor(question.id)
    many = choose(question) > 1
    kind = "checkbox" if many else "radio"
    task = tasks()[question.task]
    options = "".join(
        f'<li><label><input type="{kind}" name="{ident}" value="{i}"> '
        f'<span class="q-letter">{LETTERS[i]}.</span> {esc(o.text)}</label></li>'
        for i, o in enumerate(question.options)
    )
    explain = "".join(
        f'<li class="q-{"right" if o.correct else "wrong"}"><strong>{LETTERS[i]}: '
        f"{'right' if o.correct else 'wrong'}.</strong> {esc(o.why)}</li>"
        for i, o in enumerate(question.options)
    )
    key = ", ".join(right_letters(question))
    return (
        f'<li class="q" id="{ident}" data-id="{esc(question.id)}" data-task="{task.id}" '
        f'data-domain="{task.domain}" data-choose="{choose(question)}">'
        f'<p class="q-meta">Question {number} · Task {task.id} · '
        f"{DIFFICULTY[question.difficulty]} · {esc(', '.join(question.services))}</p>"
        f'<p class="q-stem">{esc(question.stem)}</p>'
        f'<fieldset class="q-options"><legend class="q-legend">'
        f"{'Choose ' + str(choose(question)) if many else 'Choose one'}</legend>"
        f'<ol class="q-choices">{options}</ol></fieldset>'
        f'<details class="q-answer"><summary>Show the answer and why</summary>'
        f'<p class="q-key">Answer: {key}</p><ol class="q-explain">{explain}</ol>'
        f"{_evidence(question, href)}</details></li>"
    )


def page_html(questions: Sequence[Question], href: Href, root: str) -> str:
    """A practice page: its questions in order, and a place for the script's summary.

    `root` is the relative address of the site root from this page (for the script)."""
    items = "".join(question_html(q, i, href) for i, q in enumerate(questions, 1))
    return (
        f'<div class="practice" data-root="{esc(root)}">'
        f'<p class="practice-status sr-only" role="status" aria-live="polite"></p>'
        f'<ol class="q-list">{items}</ol></div>'
    )


def bank_json(questions: Sequence[Question], use_directory_urls: bool = True) -> str:
    """The bank as the exam simulation reads it: links relative to the site root."""
    out = []
    for q in questions:
        task = tasks()[q.task]
        out.append(
            {
                "id": q.id,
                "a": anchor(q.id),
                "task": q.task,
                "domain": task.domain,
                "stem": q.stem,
                "options": [o.text for o in q.options],
                "right": [i for i, o in enumerate(q.options) if o.correct],
                "why": [o.why for o in q.options],
                "evidence": [[_ref_label(r), page_url(r, use_directory_urls)] for r in q.evidence],
                "sources": [[s.title, str(s.url)] for s in q.sources],
            }
        )
    meta = {
        "domains": [
            {"id": d.id, "name": d.name, "weight": d.weight_pct, "tasks": [t.id for t in d.tasks]}
            for d in domains()
        ],
        "tasks": {t.id: t.name for d in domains() for t in d.tasks},
        "exam": {"size": EXAM_SIZE, "minutes": EXAM_MINUTES},
    }
    return json.dumps({"meta": meta, "questions": out}, ensure_ascii=False, separators=(",", ":"))


def exam_draw(counts: dict[int, int], size: int = EXAM_SIZE) -> dict[int, int]:
    """Questions per domain in a simulated exam: the domain weights, rounded to sum to `size`
    (largest remainders first), never more than a domain has."""
    weights = {d.id: d.weight_pct for d in domains()}
    exact = {d: size * w / 100 for d, w in weights.items()}
    draw = {d: min(int(x), counts.get(d, 0)) for d, x in exact.items()}
    for d in sorted(exact, key=lambda d: exact[d] - int(exact[d]), reverse=True):
        if sum(draw.values()) < size and draw[d] < counts.get(d, 0):
            draw[d] += 1
    return draw


# ---------------------------------------------------------------- the bank's figures


@dataclass(frozen=True)
class Figures:
    """What a test and a closing note measure of the bank."""

    total: int
    per_domain: dict[int, int]
    per_task: dict[str, int]
    multiple_response: int
    single_positions: dict[int, int]  # 1-based position of the right answer -> count
    longest_right: int  # single-answer questions whose right option is the longest

    @property
    def single(self) -> int:
        return self.total - self.multiple_response

    def domain_share(self, domain: Domain) -> float:
        return self.per_domain.get(domain.id, 0) / self.total


def figures(questions: Sequence[Question]) -> Figures:
    per_domain: Counter[int] = Counter()
    per_task: Counter[str] = Counter()
    positions: Counter[int] = Counter()
    multiple = longest = 0
    for q in questions:
        per_task[q.task] += 1
        per_domain[tasks()[q.task].domain] += 1
        right = [i for i, o in enumerate(q.options) if o.correct]
        if len(right) > 1:
            multiple += 1
            continue
        positions[right[0] + 1] += 1
        lengths = [len(o.text) for o in q.options]
        if lengths[right[0]] == max(lengths):
            longest += 1
    return Figures(
        len(questions), dict(per_domain), dict(per_task), multiple, dict(positions), longest
    )
