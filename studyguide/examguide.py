"""The SAA-C03 exam guide (data/exam-guide.yml): domains, their weights and task statements."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAM_GUIDE = ROOT / "data" / "exam-guide.yml"
VERSION = "SAA-C03 exam guide v1.1"


@dataclass(frozen=True)
class Task:
    id: str  # "3.1"
    name: str
    domain: int


@dataclass(frozen=True)
class Domain:
    id: int
    name: str
    weight_pct: int
    tasks: tuple[Task, ...]


@cache
def domains(path: Path = EXAM_GUIDE) -> tuple[Domain, ...]:
    """The exam's domains with their task statements, read once per process."""
    from .loader import read_yaml

    guide = read_yaml(path)
    return tuple(
        Domain(
            int(d["id"]),
            d["name"],
            int(d["weight_pct"]),
            tuple(Task(str(t), name, int(d["id"])) for t, name in d["tasks"].items()),
        )
        for d in guide["domains"]
    )


def tasks() -> dict[str, Task]:
    return {t.id: t for d in domains() for t in d.tasks}


def task_ids() -> frozenset[str]:
    return frozenset(tasks())


def task_anchor(task_id: str) -> str:
    """The anchor of a task statement on the exam-guide map page: `task-3-1`."""
    return "task-" + task_id.replace(".", "-")
