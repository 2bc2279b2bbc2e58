"""The committed JSON schema of the data file matches the typed models.

Protects editors' validation and the documentation of every field: a change to
macros/models.py must come with a regenerated data/comparisons.schema.json.
"""

from __future__ import annotations

import json

from macros.schema import SCHEMA_FILE, schema_text


def test_committed_schema_is_current():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "run `python3 tasks.py schema` and commit data/comparisons.schema.json"
    )


def test_every_field_has_a_description():
    schema = json.loads(schema_text())
    missing = [
        f"{name}.{field}"
        for name, definition in schema["$defs"].items()
        for field, spec in definition.get("properties", {}).items()
        if "description" not in spec
    ]
    assert missing == []
