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
    practice.py   the question bank as practice pages and the simulation's data
    diagrams.py   D2 diagrams rendered to light and dark SVG, cached, checked
    sheets.py     which cheat sheets exist and what each holds
    schema.py     JSON schemas of the data files, generated from the models

Commands: `python -m studyguide.check` (the data), `.schema`, `.stale` (old
verifications), `.sources` (dead AWS links), `.review` (a pull request's data changes).
"""
