"""mkdocs-macros entry point: the macros pages call, from the study guide's core.

Zensical calls `define_env` once per page and MkDocs once per build: the per-build
object (`SiteBuild.of`) loads the data once either way.
"""

from macros.pages import PageMacros, protect_code
from studyguide.loader import DataError
from studyguide.project import SiteBuild
from studyguide.render import abbreviations


def define_env(env) -> None:
    """Validate the data before a page is written, then register the macros pages call."""
    build = SiteBuild.of(env.conf)
    try:
        data = build.bundle.data
    except DataError as exc:
        from mkdocs.exceptions import PluginError  # MkDocs prints it alone and stops

        raise PluginError(f"The data has problems:\n{exc}") from None
    macros = PageMacros(build, env)
    macros.register(env.macro)
    env.conf["extra"]["exam_guide"] = macros.exam_task_names()
    # Glossary acronyms become tooltips: Python-Markdown's `abbr` takes them as its glossary.
    if "abbr" not in env.conf["markdown_extensions"]:
        env.conf["markdown_extensions"].append("abbr")
    abbr = env.conf["mdx_configs"].setdefault("abbr", {})
    abbr["glossary"] = {**abbreviations(data.glossary), **abbr.get("glossary", {})}


def on_pre_page_macros(env) -> None:
    """Keep `{{ }}` and `{% %}` inside code blocks and code spans verbatim."""
    env.markdown = protect_code(env.markdown)
