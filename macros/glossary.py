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
def _project(config: Path, stamp: int) -> Project:  # noqa: ARG001  (the cache key)
    return Project.from_file(config)


@cache
def _glossary(project: Project, stamp: int) -> dict[str, str]:  # noqa: ARG001
    return abbreviations(project.load().data.glossary)


def makeExtension(**kwargs) -> AbbrExtension:  # noqa: N802  (Python-Markdown's name)
    # MkDocs makes the extension anew for every page: the configuration and the glossary
    # are read again only when their file changed.
    config = Path(kwargs.pop("config", "mkdocs.yml")).resolve()
    project = _project(config, config.stat().st_mtime_ns)
    glossary = _glossary(project, project.data_file.stat().st_mtime_ns)
    return AbbrExtension(glossary={**glossary, **kwargs.pop("glossary", {})}, **kwargs)
