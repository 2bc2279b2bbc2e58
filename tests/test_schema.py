"""The committed JSON schemas of the data files match the typed models.

Protects editors' validation and the documentation of every field: a change to
studyguide/models.py must come with regenerated data/*.schema.json files.
"""

from __future__ import annotations

import json

from studyguide.schema import schemas


def test_committed_schemas_are_current():
    for path, text in schemas().items():
        assert path.read_text(encoding="utf-8") == text, (
            f"run `python3 tasks.py schema` and commit data/{path.name}"
        )


def test_every_field_has_a_description():
    missing = [
        f"{path.name}: {name}.{field}"
        for path, text in schemas().items()
        if path.suffix == ".json"
        for name, definition in json.loads(text)["$defs"].items()
        for field, spec in definition.get("properties", {}).items()
        if "description" not in spec
    ]
    assert missing == []
