"""One-page PDF cheat sheets, rendered with WeasyPrint from the study guide's data.

    render.py   a sheet's HTML, built with the site's own table and fact renderers
    pdf.py      WeasyPrint: safe URL fetcher, one-page fit, cache, parallel rendering
    __main__.py the PDF step: `python3 tasks.py pdf` (the build runs it after the site)
    assets/     template, print stylesheet and bundled fonts (with their licence)

Which sheets exist and what each holds is the core's (`studyguide/sheets.py`), so the site
can link them without importing this package.
"""
