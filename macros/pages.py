"""The macros that pages call, bound to the page being rendered.

Each macro reads the data file (loaded once per process) and hands typed
objects to the pure renderers in `render.py`.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import os
import posixpath
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import render
from .data import DATA_FILE, EXAM_GUIDE, exam_guide, load_cached, referenced_pages
from .hooks import SLOT_ATTR
from .memo import PACKAGE, Memo, reuse_compiled_templates, store_file, templates_file

SLOT_HOOK = "macros/hooks.py"


class MacroError(Exception):
    """A page called a macro wrongly; the message names the page and the fix."""


def did_you_mean(name: str, valid: Sequence[str]) -> str | None:
    """`did you mean 'a', 'b'?` for the names closest to a misspelt one, or None."""
    close = difflib.get_close_matches(name, valid, n=3, cutoff=0.4)
    return f"did you mean {', '.join(map(repr, close))}?" if close else None


class Pages:
    MACROS = ("comparison", "facts", "corrections", "glossary", "exam_task_pages")
    MARKDOWN = frozenset({"exam_task_pages"})  # these return Markdown, not HTML
    DATA_ONLY = frozenset({"comparison", "facts", "corrections", "glossary"})  # reusable output

    def __init__(self, env: Any, data_file: Path | None = None) -> None:
        self.env = env
        # SAA_DATA_FILE points a fixture site (or a fork) at another data file.
        self.data_file = data_file or Path(os.environ.get("SAA_DATA_FILE") or DATA_FILE)
        self.docs_dir = Path(env.conf["docs_dir"])
        self.use_directory_urls = bool(env.conf.get("use_directory_urls", True))
        # Calls so far of a macro with a given first argument, per page.
        self._calls: dict[tuple[str, str, str], int] = {}
        # With the project's hook installed, rendered HTML skips the Markdown parser: the
        # page gets a placeholder and the hook puts the HTML back into the finished page.
        hooks = env.conf.get("hooks") or {}
        self.use_slots = any(str(h).replace("\\", "/").endswith(SLOT_HOOK) for h in hooks)
        text = self.data_file.read_text(encoding="utf-8")
        settings = (self.docs_dir, self.use_directory_urls, self.use_slots, sys.version)
        code = (EXAM_GUIDE, *sorted(PACKAGE.glob("*.py")))
        self.memo = Memo(store_file("macros", text, *settings, files=code), self.docs_dir)
        self.templates: Memo | None = None  # compiled page templates, once Jinja is set up

    def check(self) -> None:
        """Validate the data file, unless an earlier build validated this very file."""
        if not self.memo.valid:
            _ = self.data

    def finish(self) -> None:
        """After a build that finished: keep its macro output for the next build."""
        pages = sorted(referenced_pages(self.data)) if not self.memo.valid else self.memo.pages
        self.memo.save(pages)
        if self.templates is not None:
            self.templates.save([])

    def cache_templates(self, jinja_env: Any) -> None:
        """From the first page on (mkdocs-macros makes its Jinja environment after
        `define_env`), reuse compiled page templates."""
        if self.templates is None:
            self.templates = Memo(templates_file(jinja_env), None)
            reuse_compiled_templates(jinja_env, self.templates)

    def remember(self, key: str, compute: Callable[[], Any]) -> Any:
        """The stored value for `key`, or `compute()` (stored for the next build)."""
        value = self.memo.get(key)
        return self.memo.put(key, compute()) if value is None else value

    def export(self, macro: Callable[..., str], memo: bool = False) -> Callable[..., str]:
        """Wrap a macro so that its HTML reaches the page through a slot when it can.

        With `memo`, the HTML depends only on the data, the arguments and the page, and is
        reused from the last build while those are unchanged.
        """

        @functools.wraps(macro)
        def wrapper(*args: Any, **kwargs: Any) -> str:
            page = getattr(self.env, "page", None)
            call = (self._url(), macro.__name__, str(args[0]) if args else "")
            self._calls[call] = count = self._calls.get(call, 0) + 1
            if memo:
                key = repr((*call, count, args, sorted(kwargs.items())))
                html = self.remember(key, lambda: macro(*args, **kwargs))
            else:
                html = macro(*args, **kwargs)
            if not self.use_slots or page is None:
                return html
            slots = page.__dict__.setdefault(SLOT_ATTR, {})
            key = str(len(slots))
            slots[key] = html
            return f'<div data-saa-slot="{key}"></div>'

        return wrapper

    # ------------------------------------------------------------ helpers

    @property
    def data(self):
        return load_cached(self.data_file, self.docs_dir)

    def _page(self) -> str:
        page = getattr(self.env, "page", None)
        return page.file.src_uri if page is not None else "<no page>"

    def _url(self) -> str:
        """The URL of the page being rendered."""
        page = getattr(self.env, "page", None)
        return page.url if page is not None else ""

    def _href(self, target: str) -> str:
        return render.relative_href(self._url(), target, self.use_directory_urls)

    def _find(self, kind: str, items: list, ident: str):
        for item in items:
            if item.id == ident:
                return item
        ids = [i.id for i in items]
        hint = did_you_mean(ident, ids) or f"valid ids: {', '.join(ids)}"
        raise MacroError(f"{self._page()}: unknown {kind} id {ident!r}; {hint}")

    def abbreviations(self) -> dict[str, str]:
        """Glossary acronym -> expansion, for the tooltips (macros/tooltips.py)."""
        return self.remember("abbreviations", lambda: render.abbreviations(self.data.glossary))

    def exam_task_names(self) -> dict[str, Any]:
        """Task id -> domain and task names, for the templates' exam-domain tags."""
        tasks = {}
        for domain in exam_guide()["domains"]:
            for task_id, name in domain["tasks"].items():
                tasks[task_id] = {"task": name, "domain": domain["name"], "domain_id": domain["id"]}
        return tasks

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
        count = self._calls.get((self._url(), "comparison", id), 1)
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
            raise MacroError(f"{self._page()}: {exc.args[0]}") from None

    def facts(self, id: str) -> str:
        """Render the fact list `id` (key facts and exam cues)."""
        return render.fact_list(self._find("fact list", list(self.data.facts), id), href=self._href)

    def corrections(self) -> str:
        """Render every correction of the source notes."""
        return render.corrections_table(self.data.corrections, href=self._href)

    def glossary(self) -> str:
        """Render the glossary."""
        return render.glossary_list(self.data.glossary, href=self._href)

    def exam_task_pages(self) -> str:
        """Markdown: per exam domain and task, links to the pages whose front matter names it.

        Markdown rather than HTML, so that the headings reach the table of contents and
        MkDocs checks every link.
        """
        page = getattr(self.env, "page", None)
        here = posixpath.dirname(page.file.src_uri) if page is not None else ""
        by_task: dict[str, list[tuple[str, str]]] = {}
        for path in sorted(self.docs_dir.rglob("*.md")):
            text = path.read_text(encoding="utf-8")
            src = path.relative_to(self.docs_dir).as_posix()
            # Reading front matter is YAML parsing: reuse the last build's for unchanged pages.
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            key = f"exam-tasks {src} {digest}"
            title, tasks = self.remember(key, functools.partial(page_tasks, text, path.stem))
            for task in tasks:
                by_task.setdefault(task, []).append((title, src))
        out = []
        for domain in exam_guide()["domains"]:
            out.append(
                f"## Domain {domain['id']}: {md_text(domain['name'])} "
                f"({domain['weight_pct']}%) {{ #domain-{domain['id']} }}\n"
            )
            for task_id, name in domain["tasks"].items():
                anchor = "task-" + task_id.replace(".", "-")
                out.append(f"### Task {task_id}: {md_text(name)} {{ #{anchor} }}\n")
                links = [
                    f"- [{md_text(title)}]({posixpath.relpath(src, here or '.')})"
                    for title, src in sorted(by_task.get(task_id, []))
                ]
                out.append("\n".join(links) + "\n" if links else "No page yet.\n")
        return "\n".join(out)


MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!])")


def md_text(text: str) -> str:
    """Text for a Markdown line: each character Markdown could read as syntax escaped."""
    text = " ".join(str(text).split()).replace("&", "&amp;").replace("<", "&lt;")
    return MD_SPECIAL.sub(r"\\\1", text)


def page_tasks(text: str, stem: str) -> tuple[str, list[str]]:
    """A page's title and the exam task ids its front matter (read as MkDocs reads it) names.

    The title is the front matter's, else the first `# ` heading, else the file name.
    """
    from mkdocs.utils.meta import get_data

    body, meta = get_data(text)
    heading = re.search(r"^# (.+)$", body, re.M)
    title = meta.get("title") or (heading.group(1).strip() if heading else "") or stem
    return title, [str(t) for t in meta.get("exam_tasks") or []]


FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})")
SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
JINJA = re.compile(r"\{[{%#]")


def protect_code(markdown: str) -> str:
    """Wrap fenced code blocks and code spans that hold Jinja syntax in raw tags."""
    if not JINJA.search(markdown):
        return markdown  # nothing that Jinja would read
    lines = markdown.split("\n")
    out: list[str] = []
    fence: str | None = None
    block: list[str] = []
    for line in lines:
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
