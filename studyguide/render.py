"""Render typed data as accessible HTML. Pure functions: data in, string out.

Every value from the data file is HTML-escaped here, so a `<script>`, Markdown
or Jinja in the data comes out as text.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Sequence
from html import escape
from typing import TYPE_CHECKING

from .cards import plain
from .examguide import task_anchor

if TYPE_CHECKING:
    from .examguide import Domain
    from .models import Comparison, Correction, FactList, Retired, Source, Term
    from .pages import PageInfo

Href = Callable[[str], str]


def esc(text: object) -> str:
    """HTML-escaped text; braces too, so that no later Jinja pass reads data as a template."""
    return escape(str(text), quote=True).replace("{", "&#123;").replace("}", "&#125;")


def page_url(src: str, use_directory_urls: bool = True) -> str:
    """The URL (relative to the site root) of the page built from docs/`src`."""
    path, _, anchor = src.partition("#")
    stem = path.removesuffix(".md")
    if use_directory_urls:
        if stem == "index" or stem.endswith("/index"):
            url = stem.removesuffix("index")
        else:
            url = stem + "/"
    else:
        url = stem + ".html"
    return url + (f"#{anchor}" if anchor else "")


def relative_url(current_url: str, target: str) -> str:
    """A link from the page at `current_url` to `target`, both relative to the site root."""
    path, _, anchor = target.partition("#")
    base = (
        current_url
        if current_url.endswith("/") or not current_url
        else posixpath.dirname(current_url) + "/"
    )
    rel = posixpath.relpath(path or ".", base.rstrip("/") or ".")
    if (not path or path.endswith("/")) and rel != ".":
        rel += "/"
    elif rel == ".":
        rel = "./"
    return rel + (f"#{anchor}" if anchor else "")


def relative_href(current_url: str, target_src: str, use_directory_urls: bool = True) -> str:
    """A link from the page at `current_url` to the page built from `target_src`."""
    return relative_url(current_url, page_url(target_src, use_directory_urls))


def _link(text: str, page: str | None, href: Href | None) -> str:
    if page and href:
        return f'<a href="{esc(href(page))}">{esc(text)}</a>'
    return esc(text)


def _sources(sources: Sequence[Source]) -> str:
    return ", ".join(
        f'<a href="{esc(str(s.url))}" rel="noopener">{esc(s.title)}</a>' for s in sources
    )


def _pick(comp_id: str, kind: str, items: dict, wanted: Sequence[str] | None) -> list:
    """The items named in `wanted`, in that order (all of them when it is None)."""
    if wanted is None:
        return list(items.values())
    unknown = [name for name in wanted if name not in items]
    if unknown:
        raise KeyError(
            f"comparison '{comp_id}' has no {kind} {', '.join(map(repr, unknown))}; "
            f"its {kind}s are: {', '.join(items)}"
        )
    return [items[name] for name in wanted]


def select(
    comp: Comparison, columns: Sequence[str] | None, rows: Sequence[str] | None
) -> tuple[list, list]:
    """Pick columns by key and rows by name, keeping the order asked for."""
    return (
        _pick(comp.id, "column", {c.key: c for c in comp.columns}, columns),
        _pick(comp.id, "row", {r.name: r for r in comp.rows}, rows),
    )


def comparison_table(
    comp: Comparison,
    *,
    columns: Sequence[str] | None = None,
    rows: Sequence[str] | None = None,
    transpose: bool = False,
    href: Href | None = None,
    meta: bool = True,
    anchor: str | None = None,
) -> str:
    """The comparison as a captioned table with header scopes, in a scrollable region.

    `anchor` is the table's id (default `cmp-ID`); a page showing one table twice passes
    a second one, since ids must be unique in a page.
    """
    cols, picked = select(comp, columns, rows)
    anchor = anchor or f"cmp-{comp.id}"
    if transpose:  # a column per row of the data, a row per column
        heads = [_link(r.name, r.page, href) for r in picked]
        body = [(esc(c.label), [esc(r.cells[c.key]) for r in picked]) for c in cols]
    else:
        heads = [esc(c.label) for c in cols]
        body = [(_link(r.name, r.page, href), [esc(r.cells[c.key]) for c in cols]) for r in picked]
    rows = [
        f'<tr><th scope="row">{name}</th>' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
        for name, cells in body
    ]
    out = _region_table(
        anchor,
        f"{anchor}-caption",
        esc(comp.title),
        esc(comp.intro),
        [esc(comp.row_label), *heads],
        rows,
    )
    if meta:
        notes = "".join(f"<li>{esc(n)}</li>" for n in comp.notes)
        if notes:
            out.append(f'<ul class="cmp-notes">{notes}</ul>')
        out.append(
            f'<p class="cmp-meta">Verified {comp.verified.isoformat()} against '
            f"{_sources(comp.sources)}. Exam tasks: {esc(', '.join(comp.exam_tasks))}.</p>"
        )
    out.append("</div>")
    return "\n".join(out)


def fact_list(facts: FactList, *, href: Href | None = None) -> str:
    """Key facts and exam cues as a list; cues and gotchas are labelled."""
    labels = {"fact": "", "cue": "Exam cue: ", "gotcha": "Gotcha: "}
    items = []
    for fact in facts.items:
        text = esc(plain(fact.text))
        if fact.page and href:
            text += f' <a href="{esc(href(fact.page))}">(more)</a>'
        label = labels[fact.kind]
        strong = f"<strong>{label.strip()}</strong> " if label else ""
        items.append(f'<li class="fact-{fact.kind}">{strong}{text}</li>')
    return (
        f'<ul class="facts" id="facts-{facts.id}">' + "".join(items) + "</ul>\n"
        f'<p class="cmp-meta">Verified {facts.verified.isoformat()} against '
        f"{_sources(facts.sources)}.</p>"
    )


def _region_table(
    table_id: str,
    cap_id: str,
    title: str,
    intro: str,
    head: Sequence[str],
    rows: Sequence[str],
) -> list[str]:
    """The lines of a captioned table with column header scopes, in a labelled region that
    scrolls sideways (the caller closes the region's `div`). Arguments are HTML."""
    head_cells = "".join(f'<th scope="col">{h}</th>' for h in head)
    return [
        f'<div class="cmp" role="region" aria-labelledby="{cap_id}" tabindex="0">',
        f'<table class="cmp-table" id="{table_id}">',
        f'<caption id="{cap_id}"><span class="cmp-title">{title}</span> '
        f'<span class="cmp-intro">{intro}</span></caption>',
        f"<thead><tr>{head_cells}</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
    ]


def corrections_table(corrections: Sequence[Correction], *, href: Href | None = None) -> str:
    """Every correction of the source notes, with its page and source."""
    rows = [
        f'<tr><th scope="row">{_link(c.topic, c.page, href)}</th><td>{esc(c.notes_said)}</td>'
        f"<td>{esc(c.now)}</td><td>{_sources([c.source])} ({c.verified.isoformat()})</td></tr>"
        for c in sorted(corrections, key=lambda c: c.topic.lower())
    ]
    out = _region_table(
        "corrections-table",
        "corrections-caption",
        "Corrections to the notes",
        "What the 2024 notes said, what is true today, and where AWS documents it.",
        ["Topic", "The notes said", "Today", "Source"],
        rows,
    )
    return "\n".join([*out, "</div>"])


STATUS = {"retired": "Retired", "closed": "Closed to new customers", "renamed": "Renamed"}


def retired_table(entries: Sequence[Retired], *, href: Href | None = None) -> str:
    """Services and features retired, closed or renamed: newest first, with what to choose."""
    rows = [
        f'<tr><th scope="row">{esc(r.name)}</th><td>{STATUS[r.status]}</td>'
        f'<td><time datetime="{r.date.isoformat()}">{r.date.isoformat()}</time></td>'
        f"<td>{_link(r.choose, r.page, href)}</td><td>{_sources([r.source])}</td></tr>"
        for r in sorted(entries, key=lambda r: (r.date, r.name.lower()), reverse=True)
    ]
    out = _region_table(
        "retired-table",
        "retired-caption",
        "Retired, closed and renamed",
        "What older study material names, what happened to it and when, and what to choose today.",
        ["Name in older material", "What happened", "Since", "Choose today", "Source"],
        rows,
    )
    return "\n".join([*out, "</div>"])


def glossary_list(terms: Sequence[Term], *, href: Href | None = None) -> str:
    """The glossary as a definition list, sorted by term."""
    out = ['<dl class="glossary">']
    for t in sorted(terms, key=lambda t: t.term.lower()):
        out.append(f"<dt>{_link(t.term, t.page, href)}</dt><dd>{esc(t.definition)}</dd>")
    out.append("</dl>")
    return "\n".join(out)


# "ALB (Application Load Balancer)": an acronym, then its expansion in brackets.
ACRONYM = re.compile(r"^(?P<short>[A-Z][A-Za-z0-9&/.-]*[A-Z0-9]) \((?P<long>[^()]+)\)$")


def abbreviations(terms: Sequence[Term]) -> dict[str, str]:
    """Acronym -> expansion, for the glossary entries written as `ALB (Application Load Balancer)`.

    Python-Markdown's `abbr` extension takes them as its glossary and marks each acronym in
    a page's prose as an `<abbr>` whose title is the expansion (a tooltip); the glossary
    page has the definitions.
    """
    out: dict[str, str] = {}
    for t in terms:
        match = ACRONYM.match(t.term.strip())
        if match:
            out.setdefault(match["short"], " ".join(match["long"].split()))
    return out


# ---------------------------------------------------------------- exam map

MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!])")


def md_text(text: str) -> str:
    """Text for a Markdown line: each character Markdown could read as syntax escaped."""
    text = " ".join(str(text).split()).replace("&", "&amp;").replace("<", "&lt;")
    return MD_SPECIAL.sub(r"\\\1", text)


def exam_map(domains: Sequence[Domain], pages: Sequence[PageInfo], here: str) -> str:
    """Markdown: per exam domain and task statement, links to the pages whose front matter
    names it (`exam_tasks:`), relative to the page `here` (its path under docs/).

    Markdown rather than HTML, so that the headings reach the table of contents and the
    site generator checks every link.
    """
    base = posixpath.dirname(here) or "."
    by_task: dict[str, list[tuple[str, str]]] = {}
    for page in pages:
        for task in page.meta.get("exam_tasks") or []:
            by_task.setdefault(str(task), []).append((page.title, page.src))
    out = []
    for domain in domains:
        out.append(
            f"## Domain {domain.id}: {md_text(domain.name)} ({domain.weight_pct}%) "
            f"{{ #domain-{domain.id} }}\n"
        )
        for task in domain.tasks:
            out.append(f"### Task {task.id}: {md_text(task.name)} {{ #{task_anchor(task.id)} }}\n")
            links = [
                f"- [{md_text(title)}]({posixpath.relpath(src, base)})"
                for title, src in sorted(by_task.get(task.id, []))
            ]
            out.append("\n".join(links) + "\n" if links else "No page yet.\n")
    return "\n".join(out)


# ---------------------------------------------------------------- page extras


def compared_in_html(entries: Sequence[tuple[str, str]], href: Href) -> str:
    """ "Compared in": the tables and fact lists in which a page's subject appears."""
    if not entries:
        return ""
    items = "".join(
        f'<li><a href="{esc(href(ref))}">{esc(title)}</a></li>' for title, ref in entries
    )
    return (
        '<aside class="compared-in" aria-labelledby="compared-in-title">'
        '<h2 id="compared-in-title" data-toc-skip>Compared in</h2>'
        f"<ul>{items}</ul></aside>"
    )


def search_terms_html(terms: Sequence[str]) -> str:
    """A page's search words for the search index: weighted, and hidden from readers (they
    are what people type, not what the page says)."""
    if not terms:
        return ""
    return (
        '<div class="search-terms" hidden aria-hidden="true" data-pagefind-weight="6">'
        f"{esc(', '.join(terms))}</div>"
    )
