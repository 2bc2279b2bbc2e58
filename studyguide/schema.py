"""Generate the files made from other files, or check they are current.

    data/*.schema.json    the data files' JSON schemas, from the typed models
    data/exam-tasks.yml   the exam's task names for the templates, from data/exam-guide.yml
                          (mkdocs.yml inherits it, so every generator's templates see it)

python -m studyguide.schema --write    regenerate them
python -m studyguide.schema --check    fail when a committed one is out of date
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def exam_tasks() -> str:
    """`extra.exam_guide` for mkdocs.yml: task id -> its name and its domain's."""
    import yaml

    from . import examguide

    names = {
        task.id: {"task": task.name, "domain": domain.name, "domain_id": domain.id}
        for domain in examguide.domains()
        for task in domain.tasks
    }
    head = "# Made from data/exam-guide.yml by `python3 tasks.py schema`; do not edit.\n"
    return head + yaml.safe_dump({"extra": {"exam_guide": names}}, sort_keys=True, width=100)


def schemas() -> dict[Path, str]:
    """Generated file -> its text: a schema per kind of data file, and the task names."""
    from .models import DataFile, QuestionFile

    out = {}
    for name, model in (("comparisons", DataFile), ("questions", QuestionFile)):
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
        schema.update(model.model_json_schema())
        out[DATA_DIR / f"{name}.schema.json"] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    out[DATA_DIR / "exam-tasks.yml"] = exam_tasks()
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
            f"data/{', data/'.join(stale)} out of date with what it is made from; "
            "run `python3 tasks.py schema` and commit the result",
            file=sys.stderr,
        )
        return 1
    if "--write" not in argv:
        print("data/*.schema.json and data/exam-tasks.yml: up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
