"""Generate the data file's JSON schema from the typed models, or check it is current.

python -m macros.schema --write    regenerate data/comparisons.schema.json
python -m macros.schema --check    fail when the committed schema is out of date
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .models import DataFile

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "data" / "comparisons.schema.json"


def schema_text() -> str:
    schema = DataFile.model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    text = schema_text()
    if "--write" in argv:
        SCHEMA_FILE.write_text(text, encoding="utf-8")
        print(f"wrote {SCHEMA_FILE.name}")
        return 0
    current = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""
    if current != text:
        print(
            f"data/{SCHEMA_FILE.name} is out of date with macros/models.py; "
            "run `python3 tasks.py schema` and commit the result",
            file=sys.stderr,
        )
        return 1
    print(f"data/{SCHEMA_FILE.name}: up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
