"""mkdocs-macros entry point: wires the data file's renderers into the pages."""


def define_env(env) -> None:
    """Register the macros that pages call, e.g. `{{ comparison('s3-storage-classes') }}`."""
    from .pages import Pages

    pages = Pages(env)
    _ = pages.data  # validate the data file before anything is written
    for name in pages.MACROS:
        macro = getattr(pages, name)
        env.macro(macro if name in pages.MARKDOWN else pages.export(macro), name)
    env.conf["extra"]["exam_guide"] = pages.exam_task_names()
    # Glossary acronyms become tooltips on every page (Python-Markdown's `abbr`).
    if "abbr" in env.conf["markdown_extensions"]:
        abbr = env.conf["mdx_configs"].setdefault("abbr", {})
        abbr["glossary"] = {**pages.abbreviations(), **abbr.get("glossary", {})}

    from cheatsheets.site import SiteSheets  # `cheatsheet_links(area)`, `cheatsheet_list()`

    sheets = SiteSheets(env)
    for name in sheets.MACROS:
        env.macro(pages.export(getattr(sheets, name)), name)


def on_pre_page_macros(env) -> None:
    """Keep `{{ }}` and `{% %}` inside code blocks and code spans verbatim."""
    from .pages import protect_code

    env.markdown = protect_code(env.markdown)


def on_post_build(env) -> None:
    """Write the PDF cheat sheets into the site (with SAA_PDF=1; cached when unchanged)."""
    from cheatsheets.site import post_build

    post_build(env)
