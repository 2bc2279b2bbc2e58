"""mkdocs-macros entry point: wires the data file's renderers into the pages."""


def define_env(env) -> None:
    """Register the macros that pages call, e.g. `{{ comparison('s3-storage-classes') }}`."""
    from .pages import Pages

    pages = Pages(env)
    pages.check()  # validate the data file before anything is written
    env.saa_pages = pages  # for on_post_build; not a template variable
    for name in pages.MACROS:
        macro = getattr(pages, name)
        if name not in pages.MARKDOWN:
            macro = pages.export(macro, memo=name in pages.DATA_ONLY)
        env.macro(macro, name)
    env.conf["extra"]["exam_guide"] = pages.exam_task_names()
    # Glossary acronyms become tooltips on every page.
    from .tooltips import TooltipExtension

    env.conf["markdown_extensions"].append(TooltipExtension(glossary=pages.abbreviations()))

    from cheatsheets.site import SiteSheets  # `cheatsheet_links(area)`, `cheatsheet_list()`

    sheets = SiteSheets(env)
    for name in sheets.MACROS:
        env.macro(pages.export(getattr(sheets, name)), name)


def on_pre_page_macros(env) -> None:
    """Keep `{{ }}` and `{% %}` inside code blocks and code spans verbatim."""
    from .pages import protect_code

    env.saa_pages.cache_templates(env.env)
    env.markdown = protect_code(env.markdown)


def on_post_build(env) -> None:
    """Write the PDF cheat sheets into the site (with SAA_PDF=1; cached when unchanged)."""
    from cheatsheets.site import post_build

    post_build(env)
    env.saa_pages.finish()
