"""Generate the data files' JSON schemas from the typed models, or check they are current.

python -m studyguide.schema --write    regenerate data/*.schema.json
python -m studyguide.schema --check    fail when a committed schema is out of date
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def schemas() -> dict[Path, str]:
    """Schema file -> its text, one per kind of data file."""
    from .models import DataFile, QuestionFile

    out = {}
    for name, model in (("comparisons", DataFile), ("questions", QuestionFile)):
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
        schema.update(model.model_json_schema())
        out[DATA_DIR / f"{name}.schema.json"] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return out


def main(argv: list[str]) -> int:
    stale = []
    for path, text in schemas().items():
        if "--write" in argv:
            path.write_text(text, encoding="utf-8")
            print(f"wrote data/{path.name}")
        elif (path.read_text(encoding="utf-8") if path.exists() else "") != text:
            stale.append(path.name)
    if stale:
        print(
            f"data/{', data/'.join(stale)} out of date with studyguide/models.py; "
            "run `python3 tasks.py schema` and commit the result",
            file=sys.stderr,
        )
        return 1
    if "--write" not in argv:
        print("data/*.schema.json: up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
