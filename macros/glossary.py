"""A Markdown extension: the data's glossary acronyms as tooltips on every page.

Listed under `markdown_extensions:` in mkdocs.yml (`- macros.glossary`), so that every
site generator gives it to every page from the first one on. It is Python-Markdown's own
`abbr` extension with its `glossary` option filled from the data file of the site
configuration in the working folder (or the one named by `config`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from markdown.extensions.abbr import AbbrExtension

from studyguide.project import Project
from studyguide.render import abbreviations


@cache
def _glossary(config: Path, stamp: int) -> dict[str, str]:
    data = Project.from_file(config).load().data
    return abbreviations(data.glossary)


def makeExtension(**kwargs) -> AbbrExtension:  # noqa: N802  (Python-Markdown's name)
    config = Path(kwargs.pop("config", "mkdocs.yml")).resolve()
    project = Project.from_file(config)
    glossary = _glossary(config, project.data_file.stat().st_mtime_ns)
    return AbbrExtension(glossary={**glossary, **kwargs.pop("glossary", {})}, **kwargs)
