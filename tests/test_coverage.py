"""Every topic of the study notes and every in-scope service of the exam has a home.

A topic (data/topics.yml) or an in-scope service of the SAA-C03 exam guide
(data/exam-guide.yml) has a home when a page title or an h1-h3 heading of the built site
names it: the same rule as the project's coverage checks, applied on every test run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from html_pages import parse

DATA = Path(__file__).resolve().parent.parent / "data"


def normalize(text: str) -> str:
    text = re.sub(r"[-._/()]+", " ", text.lower().replace("\u00b6", " "))
    return re.sub(r"\s+", " ", text).strip()


def alias_pattern(alias: str) -> re.Pattern[str]:
    """From the start of a word; an all-capitals acronym must also end a word (plural s)."""
    text = re.escape(normalize(alias))
    if re.fullmatch(r"[A-Z0-9]{2,6}", alias):
        return re.compile(rf"(?<![a-z0-9]){text}s?(?![a-z0-9])")
    return re.compile(rf"(?<![a-z0-9]){text}")


@pytest.fixture(scope="module")
def headings(built_site) -> list[str]:
    found = []
    for page in built_site.rglob("*.html"):
        doc = parse(page)
        found += [normalize(t.get_text(" ")) for t in doc.find_all(["title", "h1", "h2", "h3"])]
    return found


def homeless(names_and_aliases: list[tuple[str, list[str]]], heads: list[str]) -> list[str]:
    return [
        name
        for name, aliases in names_and_aliases
        if not any(alias_pattern(a).search(h) for a in aliases for h in heads)
    ]


def test_every_topic_of_the_notes_has_a_home(headings):
    spec = yaml.safe_load((DATA / "topics.yml").read_text(encoding="utf-8"))
    topics = [(f"{group}: {t['name']}", t["aliases"]) for group, ts in spec.items() for t in ts]
    assert len(topics) > 200
    assert homeless(topics, headings) == []


def service_aliases(service: str) -> list[str]:
    base = re.sub(r"\s*\(.*\)\s*$", "", service).strip()
    names = [re.sub(r"^(amazon|aws)\s+", "", base, flags=re.I)]
    if base.endswith(" Service") and base.count(" ") > 1:
        names.append(re.sub(r"^(amazon|aws)\s+", "", base[: -len(" Service")], flags=re.I))
    for inner in re.findall(r"\(([^)]*)\)", service):
        inner = re.sub(r"^(amazon|aws)\s+", "", inner.strip(), flags=re.I)
        if inner and inner.lower() != "for all types":
            names.append(inner)
    return names


def test_every_in_scope_service_has_a_home(headings):
    guide = yaml.safe_load((DATA / "exam-guide.yml").read_text(encoding="utf-8"))
    services = sorted(
        {s for group in guide["in_scope_services_html_snapshot"].values() for s in group}
    )
    assert len(services) > 100
    assert homeless([(s, service_aliases(s)) for s in services], headings) == []


def test_a_missing_topic_is_reported():
    # Negative control: a heading list without the topic leaves it homeless.
    assert homeless([("S3", ["S3"]), ("Glacier", ["Glacier"])], ["amazon s3"]) == ["Glacier"]
