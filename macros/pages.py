"""The macros that pages call, bound to the page being rendered.

Each macro takes typed objects from the build's loaded data and hands them to the core's
pure renderers (`studyguide.render`). A page is known by its URL alone, which every site
generator gives a macro.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from studyguide import cards, deck, diagrams, examguide, practice, render, sheets
from studyguide.cache import atomic_write
from studyguide.project import SiteBuild

# With the project's MkDocs hooks, a macro's HTML skips the Markdown parser: the page gets
# a placeholder, and the hook puts the HTML back after the Markdown pass.
SLOT = '<div data-saa-slot="{}"></div>'
DIAGRAMS = "assets/diagrams"  # where the rendered SVGs go, under the site
PRACTICE_BANK = "assets/practice/bank.json"  # the question bank, for the exam simulation
DECKS = "assets/flashcards"  # the Anki package and the CSV, under the site


class MacroError(Exception):
    """A page called a macro wrongly; the message names the page and the fix."""


def did_you_mean(name: str, valid: Sequence[str]) -> str | None:
    """`did you mean 'a', 'b'?` for the names closest to a misspelt one, or None."""
    close = difflib.get_close_matches(name, valid, n=3, cutoff=0.4)
    return f"did you mean {', '.join(map(repr, close))}?" if close else None


class PageMacros:
    HTML = (
        "comparison",
        "facts",
        "corrections",
        "glossary",
        "retired",
        "diagram",
        "cheatsheet_links",
        "cheatsheet_list",
        "practice",
        "practice_exam",
        "practice_progress",
        "practice_links",
        "flashcards",
        "flashcards_summary",
    )
    MARKDOWN = ("exam_task_pages",)

    def __init__(self, build: SiteBuild, env: Any) -> None:
        self.build = build
        self.env = env
        self._calls: dict[tuple[str, str], int] = {}  # (page URL, table id) -> calls so far
        # MkDocs (with the hooks) leaves the macros' links as they are; Zensical resolves
        # every relative link of a page against its Markdown source, as it does Markdown's.
        self.from_source = type(env).__module__.startswith("zensical")

    def register(self, define: Callable[[Callable, str], Any]) -> None:
        for name in self.HTML:
            define(self._html(getattr(self, name)), name)
        for name in self.MARKDOWN:
            define(getattr(self, name), name)

    # ------------------------------------------------------------ helpers

    @property
    def data(self):
        return self.build.bundle.data

    def _url(self) -> str:
        page = getattr(self.env, "page", None)
        return page.url if page is not None else ""

    def _src(self) -> str:
        return self.build.docs.source_of(self._url()) or "<no page>"

    def _href(self, target: str) -> str:
        """A link to the page built from `target` (`page.md#anchor`)."""
        if self.from_source:
            return self._link(target)
        return render.relative_href(self._url(), target, self.build.project.use_directory_urls)

    def _link(self, target: str) -> str:
        """A link to a file of the site (`path` from the site root), from this page."""
        if self.from_source:
            here = posixpath.dirname(self._src())
            return render.relative_url(f"{here}/" if here else "", target)
        return render.relative_url(self._url(), target)

    def _html(self, macro: Callable[..., str]) -> Callable[..., str]:
        """Wrap an HTML macro so that its output reaches the page through a slot when it can."""

        def wrapper(*args: Any, **kwargs: Any) -> str:
            html = macro(*args, **kwargs)
            if not self.build.slots_on:
                return html
            slots = self.build.slots.setdefault(self._url(), [])
            slots.append(html)
            return SLOT.format(len(slots) - 1)

        wrapper.__name__ = macro.__name__
        wrapper.__doc__ = macro.__doc__
        return wrapper

    def _find(self, kind: str, items: list, ident: str):
        for item in items:
            if item.id == ident:
                return item
        ids = [i.id for i in items]
        hint = did_you_mean(ident, ids) or f"valid ids: {', '.join(ids)}"
        raise MacroError(f"{self._src()}: unknown {kind} id {ident!r}; {hint}")

    # ------------------------------------------------------------ macros

    def comparison(
        self,
        id: str,
        columns: list[str] | None = None,
        rows: list[str] | None = None,
        transpose: bool = False,
    ) -> str:
        """Render the comparison table `id`; optionally pick columns and rows, or transpose."""
        comp = self._find("comparison", list(self.data.comparisons), id)
        # Ids must be unique within a page: the second copy of a table gets `cmp-ID-2`.
        key = (self._url(), id)
        self._calls[key] = count = self._calls.get(key, 0) + 1
        anchor = f"cmp-{id}" if count == 1 else f"cmp-{id}-{count}"
        try:
            return render.comparison_table(
                comp,
                columns=columns,
                rows=rows,
                transpose=transpose,
                href=self._href,
                anchor=anchor,
            )
        except KeyError as exc:
            raise MacroError(f"{self._src()}: {exc.args[0]}") from None

    def facts(self, id: str) -> str:
        """Render the fact list `id` (key facts and exam cues)."""
        return render.fact_list(self._find("fact list", list(self.data.facts), id), href=self._href)

    def corrections(self) -> str:
        """Render every correction of the source notes."""
        return render.corrections_table(self.data.corrections, href=self._href)

    def retired(self) -> str:
        """Render every service and feature retired, closed to new customers or renamed."""
        return render.retired_table(self.data.retired, href=self._href)

    def glossary(self) -> str:
        """Render the glossary."""
        return render.glossary_list(self.data.glossary, href=self._href)

    def exam_task_pages(self) -> str:
        """Markdown: per exam domain and task, links to the pages whose front matter names it.

        With the project's MkDocs hooks, the pages were collected as MkDocs read them (the
        hooks read this page last); without them, from the pages' front matter.
        """
        here = self._src()
        pages = list(self.build.pages.values()) if self.build.slots_on else self.build.docs.pages()
        return render.exam_map(examguide.domains(), [p for p in pages if p.src != here], here)

    def _where(self, needle: str) -> str:
        """`docs/PAGE:LINE` of the first line of this page's source that holds `needle`."""
        src = self._src()
        try:
            lines = self.build.docs.text(src).splitlines()
        except OSError:
            lines = []
        line = next((n for n, text in enumerate(lines, 1) if needle and needle in text), 1)
        return f"docs/{src}:{line}"

    def diagram(self, file: str = "", caption: str = "", alt: str = "") -> str:
        """A D2 diagram beside this page, as a figure with both colour schemes:
        `{{ diagram("diagrams/vpc.d2", caption="...", alt="Diagram of ...") }}`."""
        where = self._where(file or "diagram(")
        if not file.endswith(".d2"):
            raise MacroError(
                f'{where}: name the diagram\'s .d2 file, e.g. diagram("diagrams/x.d2", ...)'
            )
        for name, value in (("caption", caption), ("alt", alt)):
            if not str(value).strip():
                raise MacroError(
                    f'{where}: the diagram {file!r} has no {name}; add {name}="..." '
                    + (
                        "(a visible one-line caption)"
                        if name == "caption"
                        else "(one sentence, 'Diagram of ...')"
                    )
                )
        docs = self.build.project.docs_dir.resolve()
        source = (docs / posixpath.dirname(self._src()) / file).resolve()
        if not source.is_relative_to(docs) or not source.is_file():
            raise MacroError(f"{where}: no diagram file {file!r} next to this page; fix the path")
        try:
            made = self.build.diagram(source)
        except diagrams.DiagramError as exc:
            raise MacroError(f"{exc} (the diagram shown by {where})") from None
        out = self.build.project.site_dir / DIAGRAMS
        src_of = {}
        for rendering in made.renderings:
            diagrams.write(rendering, out)
            src_of[rendering.scheme] = self._link(f"{DIAGRAMS}/{rendering.name}")
        return diagrams.figure(made, src_of, caption, alt, f"diagram-{Path(file).stem}")

    # ------------------------------------------------------------ practice

    def _practice(self, task: str) -> str:
        return self._href(f"practice/{practice.slug(task)}.md")

    def _root(self) -> str:
        """The site root, relative to this page (for the scripts' links)."""
        return render.relative_url(self._url(), "")

    def practice(self, task: str = "", domain: int | str = "") -> str:
        """The practice questions of a task statement or a whole domain:
        `{{ practice(task="1.1") }}` or `{{ practice(domain=1) }}`."""
        questions = practice.all_questions(self.build.bundle.questions)
        if task:
            if task not in examguide.tasks():
                hint = did_you_mean(task, sorted(examguide.tasks())) or "use an id such as '1.1'"
                raise MacroError(f"{self._src()}: no task statement {task!r}; {hint}")
            questions = [q for q in questions if q.task == task]
        elif str(domain) in {str(d.id) for d in examguide.domains()}:
            questions = [q for q in questions if q.task.startswith(f"{domain}.")]
        else:
            raise MacroError(f"{self._src()}: name a task (task='1.1') or a domain (domain=1)")
        if not questions:
            return '<p class="practice-empty">No questions for this yet.</p>'
        return practice.page_html(questions, self._href, self._root())

    def practice_exam(self) -> str:
        """The exam simulation; the bank goes into the site as a file the script loads."""
        questions = practice.all_questions(self.build.bundle.questions)
        bank = practice.bank_json(questions, self.build.project.use_directory_urls)
        path = self.build.project.site_dir / PRACTICE_BANK
        if not path.is_file() or path.read_text(encoding="utf-8") != bank:
            atomic_write(path, bank.encode("utf-8"))
        counts = practice.figures(questions).per_domain
        draw = practice.exam_draw(counts)
        per_domain = ", ".join(
            f"{draw[d.id]} from domain {d.id} ({d.weight_pct}%)" for d in examguide.domains()
        )
        return (
            f'<div class="practice-exam" data-root="{render.esc(self._root())}" '
            f'data-bank="{render.esc(render.relative_url(self._url(), PRACTICE_BANK))}">'
            '<p class="practice-noscript">The simulation needs JavaScript. Without it, answer the '
            f'questions on the <a href="{render.esc(self._href("practice/index.md"))}">practice '
            "pages</a>: each shows its answer on request.</p>"
            f"<p>{practice.EXAM_SIZE} questions drawn by the exam's domain weights ({per_domain}), "
            f"{practice.EXAM_MINUTES} minutes.</p></div>"
        )

    def practice_progress(self) -> str:
        """Weak spots: task statements ranked by recent accuracy (filled by the script)."""
        rows = "".join(
            f'<tr data-task="{t.id}"><th scope="row"><a href="{render.esc(self._practice(t.id))}">'
            f"Task {t.id}</a></th><td>{render.esc(t.name)}</td>"
            f'<td class="p-answered">–</td><td class="p-accuracy">–</td></tr>'
            for d in examguide.domains()
            for t in d.tasks
        )
        return (
            f'<div class="practice-progress" data-root="{render.esc(self._root())}">'
            "<table><caption>Your progress by task statement (kept in this browser only)</caption>"
            '<thead><tr><th scope="col">Task</th><th scope="col">Statement</th>'
            '<th scope="col">Answered</th><th scope="col">Recent accuracy</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div>"
        )

    def practice_links(self) -> str:
        """Links to the practice pages of the task statements this page names in its front
        matter (`exam_tasks:`), e.g. on an area overview."""
        page = getattr(self.env, "page", None)
        named = [str(t) for t in ((page.meta or {}).get("exam_tasks") or [])] if page else []
        known = examguide.tasks()
        links = [
            f'<a href="{render.esc(self._practice(t))}">Task {t}: {render.esc(known[t].name)}</a>'
            for t in sorted(set(named))
            if t in known
        ]
        if not links:
            return ""
        return (
            '<p class="practice-links"><strong>Practice questions:</strong> '
            + " · ".join(links)
            + "</p>"
        )

    # ------------------------------------------------------------ flashcards

    def flashcards(self, area: str = "") -> str:
        """The flashcards of an area (`{{ flashcards(area="storage") }}`), or all of them."""
        found, _ = self.build.cards
        if area:
            if area not in {c.area for c in found}:
                areas = sorted({c.area for c in found})
                hint = did_you_mean(area, areas) or f"areas with cards: {', '.join(areas)}"
                raise MacroError(f"{self._src()}: no flashcards for area {area!r}; {hint}")
            found = [c for c in found if c.area == area]
        return cards.page_html(found, self._href, self._root(), area or "all")

    def flashcards_summary(self) -> str:
        """The downloads (Anki package, CSV) and a table of areas with their card counts
        (the review script adds what is due)."""
        found, _ = self.build.cards
        sizes = self.build.write_downloads()
        links = " · ".join(
            f'<a href="{render.esc(self._link(f"{DECKS}/{name}"))}" '
            f"download>{label} ({sizes[name] / 1024:.0f} KB)</a>"
            for name, label in ((deck.APKG, "Anki package"), (deck.CSV, "CSV for other apps"))
        )
        per_area = cards.by_area(found)
        rows = "".join(
            f'<tr data-area="{area}"><th scope="row">'
            f'<a href="{render.esc(self._href(f"flashcards/{area}.md"))}">'
            f"{render.esc(deck.AREA_NAMES.get(area, area))}</a></th>"
            f'<td>{len(per_area[area])}</td><td class="fc-due">–</td></tr>'
            for area in deck.AREA_NAMES
            if area in per_area
        )
        return (
            f'<p class="fc-downloads"><strong>Download all {len(found)} cards:</strong> {links}</p>'
            '<table class="fc-areas"><caption>Cards by area (what is due comes from your '
            'reviews in this browser)</caption><thead><tr><th scope="col">Area</th>'
            '<th scope="col">Cards</th><th scope="col">Due now</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )

    # ------------------------------------------------------------ cheat sheets

    def _pdf_link(self, slug: str, paper: sheets.Paper, label: str) -> str:
        href = self._link(sheets.pdf_path(slug, paper.name))
        return (
            f'<a href="{render.esc(href)}" type="application/pdf" download>{render.esc(label)}</a>'
        )

    def cheatsheet_links(self, area: str) -> str:
        """Links to the cheat sheet(s) of an area: `{{ cheatsheet_links('storage') }}`."""
        found = sheets.for_area(area)
        if not found:
            names = sorted(
                {a for s in sheets.SHEETS for a in s.areas} | {s.slug for s in sheets.SHEETS}
            )
            hint = did_you_mean(area, names) or f"use one of {', '.join(names)}"
            raise MacroError(f"{self._src()}: no cheat sheet covers {area!r}; {hint}")
        out = []
        for sheet in found:
            links = " · ".join(
                self._pdf_link(sheet.slug, paper, f"{paper.label} PDF")
                for paper in sheets.PAPERS.values()
            )
            out.append(
                f'<p class="cheatsheet-links"><strong>Printable cheat sheet: '
                f"{render.esc(sheet.title)}</strong> — {links}</p>"
            )
        return "\n".join(out)

    def cheatsheet_list(self) -> str:
        """Every cheat sheet with its A4 and US Letter PDFs."""
        head = "".join(
            f'<th scope="col">{render.esc(p.label)}</th>' for p in sheets.PAPERS.values()
        )
        rows = []
        for sheet in sheets.SHEETS:
            cells = "".join(
                f"<td>{self._pdf_link(sheet.slug, paper, 'PDF')}</td>"
                for paper in sheets.PAPERS.values()
            )
            rows.append(
                f'<tr><th scope="row">{render.esc(sheet.title)}</th>'
                f"<td>{render.esc(sheet.subject)}</td>{cells}</tr>"
            )
        return (
            '<table><caption class="sr-only">Cheat sheets</caption>'
            f'<thead><tr><th scope="col">Sheet</th>'
            f'<th scope="col">What it covers</th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )


# ---------------------------------------------------------------- code stays verbatim

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})")
SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
JINJA = re.compile(r"\{[{%#]")


def protect_code(markdown: str) -> str:
    """Wrap fenced code blocks and code spans that hold Jinja syntax in raw tags."""
    if not JINJA.search(markdown):
        return markdown  # nothing that Jinja would read
    out: list[str] = []
    fence: str | None = None
    block: list[str] = []
    for line in markdown.split("\n"):
        if fence is None:
            m = FENCE.match(line)
            if m:
                fence, block = m.group("fence"), [line]
                continue
            out.append(SPAN.sub(_raw_span, line) if JINJA.search(line) else line)
        else:
            block.append(line)
            stripped = line.strip()
            if stripped.startswith(fence[0] * len(fence)) and set(stripped) == {fence[0]}:
                out.extend(_raw_block(block))
                fence = None
    if fence is not None:  # an unclosed fence runs to the end of the page
        out.extend(_raw_block(block))
    return "\n".join(out)


def _raw_block(block: list[str]) -> list[str]:
    if not any(JINJA.search(line) for line in block):
        return block
    return (
        ["{% raw %}" + block[0], *block[1:-1], block[-1] + "{% endraw %}"]
        if len(block) > 1
        else ["{% raw %}" + block[0] + "{% endraw %}"]
    )


def _raw_span(match: re.Match[str]) -> str:
    return (
        "{% raw %}" + match.group(0) + "{% endraw %}"
        if JINJA.search(match.group(0))
        else match.group(0)
    )
