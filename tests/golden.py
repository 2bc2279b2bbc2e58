"""Golden files of the table renderer: render a case, or rewrite every expected.html.

python tests/golden.py    rewrite tests/data/*/expected.html after an intended change
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from studyguide.loader import load_text  # noqa: E402
from studyguide.render import comparison_table, relative_href  # noqa: E402

CASES = sorted(p for p in (Path(__file__).parent / "data").iterdir() if p.is_dir())


def render_case(case: Path) -> str:
    """The table of `case/input.yml` rendered with `case/options.yml`, as the file holds it."""
    data = load_text((case / "input.yml").read_text(), str(case / "input.yml"))
    opts_file = case / "options.yml"
    opts = yaml.safe_load(opts_file.read_text()) if opts_file.exists() else {}
    current = opts.pop("current_url", "")
    html = comparison_table(
        data.comparisons[0], **opts, href=lambda target: relative_href(current, target)
    )
    return html + "\n"


if __name__ == "__main__":
    for case in CASES:
        (case / "expected.html").write_text(render_case(case))
        print(f"wrote {case.name}/expected.html")
