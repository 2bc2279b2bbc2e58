"""Glossary tooltips: each glossary acronym in a page's prose becomes `<abbr title="...">`.

Python-Markdown's `abbr` extension can do this from a glossary, but it walks every element
of every page in Python and tries each of the ~80 acronyms at each character: on this
site's pages it added 9% to the instructions of the Markdown pass, where this extension
adds 3%. It makes one regular-expression pass over the page's HTML instead, as a
postprocessor that runs while raw HTML and fenced code are still stashed away. So, as
with `abbr`: prose, headings and link text get tooltips; code, raw HTML (the macros'
tables included), addresses shown as links and existing `<abbr>` do not, and neither
does text inside a tag. tests/test_tooltips.py checks that both give the same HTML.

Material's `content.tooltips` feature shows the `title` as a styled tooltip.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Mapping

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

# Elements whose content never gets a tooltip, comments, and links that show their own
# address (autolinks, whose text Python-Markdown also keeps as it is).
SKIP = re.compile(
    r"<!--.*?-->"
    r"|<(?P<el>code|abbr|kbd|samp|pre|script|style)\b[^>]*>.*?</(?P=el)\s*>"
    r'|<a\b[^>]*?\shref="(?P<url>[^"]*)"[^>]*>(?P=url)</a>',
    re.S,
)


def trie(words: list[str]) -> str:
    """A regular expression matching any of `words`, branching on one character at a
    time (the regex engine tries far fewer alternatives per position than with a flat
    list); a longer word wins over its prefix, as in `abbr`."""
    heads: dict[str, list[str]] = {}
    for word in words:
        heads.setdefault(word[0], []).append(word[1:])
    branches = []
    for head, tails in sorted(heads.items()):
        rest = [t for t in tails if t]
        branch = re.escape(head)
        if rest:
            branch += trie(rest) + ("?" if "" in tails else "")
        branches.append(branch)
    return "(?:" + "|".join(branches) + ")"


def acronym_pattern(acronyms: list[str]) -> re.Pattern[str]:
    """Any of `acronyms`, ending at a word boundary (the caller checks the start: a pattern
    that begins with the words themselves lets the engine jump between their first letters)."""
    return re.compile(trie(acronyms) + r"\b")


WORD = re.compile(r"\w")


class TooltipPostprocessor(Postprocessor):
    def __init__(self, md: Markdown, titles: Mapping[str, str], pattern: re.Pattern[str]) -> None:
        super().__init__(md)
        self.titles = titles
        self.pattern = pattern

    def words(self, text: str) -> list[re.Match[str]]:
        """The acronyms in `text` that start at a word boundary, left to right."""
        found, pos = [], 0
        while match := self.pattern.search(text, pos):
            start = match.start()
            if start and WORD.match(text, start - 1):
                pos = start + 1  # inside a longer word: look again from the next character
            else:
                found.append(match)
                pos = match.end()
        return found

    def run(self, text: str) -> str:
        matches = self.words(text)
        if not matches:
            return text
        skipped = [m.span() for m in SKIP.finditer(text)]
        starts = [start for start, _ in skipped]
        out, last = [], 0
        for match in matches:
            start, end = match.span()
            if text.rfind("<", 0, start) > text.rfind(">", 0, start):
                continue  # inside a tag, e.g. an attribute value
            i = bisect.bisect_right(starts, start) - 1
            if i >= 0 and start < skipped[i][1]:
                continue  # inside code, a comment or an existing <abbr>
            word = match.group(0)
            out += [text[last:start], f'<abbr title="{self.titles[word]}">{word}</abbr>']
            last = end
        out.append(text[last:])
        return "".join(out)


class TooltipExtension(Extension):
    """`TooltipExtension(glossary={"ALB": "Application Load Balancer"})`."""

    def __init__(self, **kwargs) -> None:
        self.config = {"glossary": [{}, "Acronym -> expansion."]}
        super().__init__(**kwargs)
        glossary = self.getConfig("glossary")
        # Text in the HTML is escaped (`&` is `&amp;`), so the acronyms are matched that way.
        self.titles = {html.escape(k): html.escape(v, quote=True) for k, v in glossary.items()}
        self.pattern = acronym_pattern(sorted(self.titles)) if self.titles else None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802  (Python-Markdown's name)
        if self.pattern is None:
            return
        # Before RawHtmlPostprocessor (priority 30) puts raw HTML and fenced code back.
        tooltips = TooltipPostprocessor(md, self.titles, self.pattern)
        md.postprocessors.register(tooltips, "saa_tooltips", 35)
