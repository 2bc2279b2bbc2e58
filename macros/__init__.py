"""mkdocs-macros entry point: the macros pages call, from the study guide's core.

Zensical calls `define_env` once per page and MkDocs once per build: the per-build
object (`SiteBuild.of`) loads the data once either way. The glossary's tooltips come from
a Markdown extension of this package (macros/glossary.py), and the exam task names the
templates show from data/exam-tasks.yml, which mkdocs.yml inherits: both reach every page
under every generator, which a setting made here would not.
"""

from macros.pages import PageMacros, protect_code
from studyguide.loader import DataError
from studyguide.project import SiteBuild


def define_env(env) -> None:
    """Validate the data before a page is written, then register the macros pages call."""
    build = SiteBuild.of(env.conf)
    try:
        build.bundle  # noqa: B018  (loading it is the check)
    except DataError as exc:
        from mkdocs.exceptions import PluginError  # MkDocs prints it alone and stops

        raise PluginError(f"The data has problems:\n{exc}") from None
    PageMacros(build, env).register(env.macro)


def on_pre_page_macros(env) -> None:
    """Keep `{{ }}` and `{% %}` inside code blocks and code spans verbatim."""
    env.markdown = protect_code(env.markdown)
