"""The study guide's core: typed data, its loader and pure renderers.

Imports nothing from a site generator, the macros plugin or WeasyPrint; the integrations
(`macros/` for mkdocs-macros, `hooks/` for MkDocs, `cheatsheets/` for print) import it.

    models.py     typed models of the data file and the question bank (with descriptions)
    loader.py     YAML with line numbers -> typed objects; `FILE:LINE: path: problem; fix`
    pages.py      the Markdown pages under docs/: which exist, their anchors, front matter
    examguide.py  the exam's domains and task statements (data/exam-guide.yml)
    project.py    settings from the site configuration, and the per-build object
    cache.py      the validated data, reused while its inputs are unchanged
    render.py     HTML of tables, fact lists, corrections, glossary; the exam map
    sheets.py     which cheat sheets exist and what each holds
    schema.py     JSON schemas of the data files, generated from the models
"""
