"""Flashcards from the data, and the downloads: what a learner's deck relies on.

Protects: a drilled column gives a card per row and a reverse card only where the value is
unique in its column; `[[...]]` marks give one cloze card each and show as plain text on
the site; exam cues split at their arrow; cells too long to drill are skipped and
reported; every card id is stable (a corrected figure keeps its id) and unique, and the
loader reports empty or unclosed marks, a drill flag on long cells and a clash of ids
with their lines; the Anki package keeps each card's GUID when its back changes (so an
import updates it in place), has a deck per area under one parent, and is the same bytes
for the same cards, like the CSV.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import zipfile

import pytest

from studyguide import cards, deck, render
from studyguide.loader import DataError, load_text

DATA = """\
comparisons:
  - id: s3-classes
    title: S3 storage classes
    intro: Pick a class.
    area: storage
    row_label: Storage class
    columns:
      - {key: min_duration, label: Minimum storage duration, drill: true}
      - {key: note, label: Note}
    rows:
      - name: S3 Standard
        cells: {min_duration: None, note: Default}
      - name: S3 Standard-IA
        cells: {min_duration: 30 days, note: Infrequent}
      - name: S3 One Zone-IA
        cells: {min_duration: 30 days, note: One AZ}
      - name: S3 Glacier Deep Archive
        cells: {min_duration: 180 days, note: Archive}
      - name: Long one
        cells:
          min_duration: >-
            one two three four five six seven eight nine ten eleven twelve thirteen fourteen
            fifteen sixteen seventeen eighteen nineteen twenty twenty-one twenty-two
            twenty-three twenty-four twenty-five twenty-six
          note: x
    sources:
      - {title: S3 classes, url: "https://docs.aws.amazon.com/s3.html"}
    verified: 2026-12-01
    exam_tasks: ["3.1", "4.1"]
facts:
  - id: storage-numbers
    title: Storage numbers
    area: storage
    items:
      - {text: "S3 object up to [[50 TB]]; one PUT up to [[5 GB]]"}
      - {text: "\\"Lowest cost archive, 12 hours is fine\\" → S3 Glacier Deep Archive", kind: cue}
      - {text: "A plain fact"}
    sources:
      - {title: S3, url: "https://docs.aws.amazon.com/s3.html"}
    verified: 2026-12-01
    exam_tasks: ["3.1"]
"""
SHOWN = {"cmp-s3-classes": "storage/index.md#cmp-s3-classes"}


@pytest.fixture
def made():
    return cards.cards(load_text(DATA), SHOWN)


def test_a_drilled_column_gives_a_card_per_row_and_unique_reverses(made):
    found, skipped = made
    values = [(c.front, c.back) for c in found if c.kind == "value"]
    assert values == [
        ("S3 Standard-IA: Minimum storage duration?", "30 days"),
        ("S3 One Zone-IA: Minimum storage duration?", "30 days"),
        ("S3 Glacier Deep Archive: Minimum storage duration?", "180 days"),
    ]
    reverse = [(c.front, c.back) for c in found if c.kind == "reverse"]
    # 30 days is shared by two classes: no reverse card for it.
    assert reverse == [
        ("Which storage class: minimum storage duration = 180 days?", "S3 Glacier Deep Archive")
    ]
    card = next(c for c in found if c.back == "180 days")
    assert card.id == "s3-classes/s3-glacier-deep-archive/min_duration"
    assert (card.area, card.tasks, card.link) == (
        "storage",
        ("3.1", "4.1"),
        "storage/index.md#cmp-s3-classes",
    )
    assert [(s.what, s.why) for s in skipped] == [
        ("S3 storage classes: S3 Standard, Minimum storage duration", "the value is only 'None'"),
        ("S3 storage classes: Long one, Minimum storage duration", "26 words, over 25"),
    ]


def test_clozes_and_cues(made):
    found, _ = made
    clozes = [(c.id, c.front, c.back) for c in found if c.kind == "cloze"]
    assert clozes == [
        (
            "storage-numbers/s3-object-up-to-one-put-up-to/1",
            "S3 object up to […]; one PUT up to 5 GB",
            "50 TB",
        ),
        (
            "storage-numbers/s3-object-up-to-one-put-up-to/2",
            "S3 object up to 50 TB; one PUT up to […]",
            "5 GB",
        ),
    ]
    (cue,) = [c for c in found if c.kind == "cue"]
    assert (cue.front, cue.back) == (
        "Exam cue: Lowest cost archive, 12 hours is fine",
        "S3 Glacier Deep Archive",
    )
    assert not any("plain fact" in c.front.lower() for c in found)


def test_a_corrected_figure_keeps_the_card_id():
    before, _ = cards.cards(load_text(DATA), SHOWN)
    after, _ = cards.cards(
        load_text(DATA.replace("[[50 TB]]", "[[48 TB]]").replace("180 days", "181 days")), SHOWN
    )
    assert [c.id for c in before] == [c.id for c in after]
    changed = {
        c.id: (b.back, c.back) for b, c in zip(before, after, strict=True) if b.back != c.back
    }
    assert changed == {
        "storage-numbers/s3-object-up-to-one-put-up-to/1": ("50 TB", "48 TB"),
        "s3-classes/s3-glacier-deep-archive/min_duration": ("180 days", "181 days"),
    }


def test_marks_are_plain_text_on_the_site():
    html = render.fact_list(load_text(DATA).facts[0])
    assert "S3 object up to 50 TB; one PUT up to 5 GB" in html
    assert "[[" not in html


def problems(text: str) -> list[str]:
    with pytest.raises(DataError) as info:
        load_text(text, "data.yml")
    return str(info.value).splitlines()


def test_empty_or_unclosed_marks_are_reported_with_their_line():
    assert problems(DATA.replace("[[5 GB]]", "[[]]")) == [
        "data.yml:35: facts[0].items[0].text: an empty `[[]]` mark hides nothing; put the "
        "words to hide inside it"
    ]
    assert problems(DATA.replace("[[5 GB]]", "[[5 GB")) == [
        "data.yml:35: facts[0].items[0].text: a `[[` without its `]]` (or the reverse); "
        "close every mark"
    ]


def test_a_drill_flag_on_long_cells_and_clashing_ids_are_reported():
    long = " ".join(["word"] * 30)
    text = (
        DATA.replace("note: Default", f'note: "{long}"')
        .replace("note: Infrequent", f'note: "{long}"')
        .replace("note: One AZ", f'note: "{long}"')
        .replace("{key: note, label: Note}", "{key: note, label: Note, drill: true}")
    )
    assert problems(text) == [
        "data.yml:9: comparisons[0].columns[1].drill: 3 of this column's 5 cells are over "
        "25 words, too long to drill; remove `drill: true` or shorten the cells"
    ]
    twice = DATA.replace(
        '      - {text: "A plain fact"}',
        '      - {text: "S3 object up to [[48 TB]]; one PUT up to [[5 GB]]"}',
    )
    assert problems(twice) == [
        "data.yml:37: facts[0].items[2]: two flashcards would get the id "
        "`storage-numbers/s3-object-up-to-one-put-up-to` (the other: facts[0].items[0]); give "
        "this fact an `id:` of its own"
    ]
    pinned = twice.replace(
        '{text: "S3 object up to [[48 TB]]', '{id: again, text: "S3 object up to [[48 TB]]'
    )
    assert load_text(pinned)


# ---------------------------------------------------------------- downloads


def notes(apkg: bytes, tmp_path) -> dict[str, tuple[str, str]]:
    """GUID -> (fields, tags) of a package's notes, read from its SQLite collection."""
    with zipfile.ZipFile(io.BytesIO(apkg)) as z:
        (tmp_path / "c.anki2").write_bytes(z.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "c.anki2")
    try:
        return {g: (f, t.strip()) for g, f, t in db.execute("select guid, flds, tags from notes")}
    finally:
        db.close()


def decks_of(apkg: bytes, tmp_path) -> list[str]:
    import json

    with zipfile.ZipFile(io.BytesIO(apkg)) as z:
        (tmp_path / "d.anki2").write_bytes(z.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "d.anki2")
    try:
        (raw,) = db.execute("select decks from col").fetchone()
    finally:
        db.close()
    return sorted(d["name"] for d in json.loads(raw).values())


def test_a_changed_figure_keeps_its_guid_and_carries_the_new_back(tmp_path):
    old, _ = cards.cards(load_text(DATA), SHOWN)
    new, _ = cards.cards(load_text(DATA.replace("[[50 TB]]", "[[48 TB]]")), SHOWN)
    first = notes(deck.downloads(old, "https://example.org/", None).apkg, tmp_path)
    second = notes(deck.downloads(new, "https://example.org/", None).apkg, tmp_path)
    assert set(first) == set(second)  # every card keeps its GUID
    changed = {
        g: (first[g][0].split("\x1f"), second[g][0].split("\x1f"))
        for g in first
        if first[g] != second[g]
    }
    # Both cloze cards of the fact change: one hides the new figure, the other shows it.
    assert sorted((b[1], a[1]) for b, a in changed.values()) == [
        ("5 GB", "5 GB"),
        ("50 TB", "48 TB"),
    ]
    fields = next(f for f, _ in second.values() if "days" in f)
    assert fields.split("\x1f")[3] == "https://example.org/storage/#cmp-s3-classes"


def test_one_deck_per_area_under_one_parent_and_tags(tmp_path):
    found, _ = cards.cards(load_text(DATA), SHOWN)
    apkg = deck.downloads(found, "", None).apkg
    assert "SAA-C03::Storage" in decks_of(apkg, tmp_path)
    assert {t for _, t in notes(apkg, tmp_path).values()} <= {
        "area::storage task::3.1 task::4.1",
        "area::storage task::3.1",
    }


def test_the_same_cards_give_the_same_bytes(monkeypatch):
    found, _ = cards.cards(load_text(DATA), SHOWN)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    one = deck.downloads(found, "https://example.org/", None)
    two = deck.downloads(found, "https://example.org/", None)
    assert (one.apkg, one.csv) == (two.apkg, two.csv)
    # Negative control: another date inside gives other bytes.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767312000")
    assert deck.downloads(found, "https://example.org/", None).apkg != one.apkg


def test_csv_has_a_header_and_one_row_per_card():
    found, _ = cards.cards(load_text(DATA), SHOWN)
    rows = list(csv.reader(io.StringIO(deck.downloads(found, "https://x.org/", None).csv.decode())))
    assert rows[0] == ["front", "back", "tags", "link"]
    assert len(rows) == len(found) + 1
    assert rows[1][3].startswith("https://x.org/storage/")


def test_downloads_are_cached_by_content(tmp_path):
    found, _ = cards.cards(load_text(DATA), SHOWN)
    first = deck.downloads(found, "", tmp_path)
    (entry,) = tmp_path.glob("deck-*.pickle")
    # The cache is read back, not made again: a marked entry comes back as it is.
    import pickle

    entry.write_bytes(pickle.dumps(deck.Downloads(b"marked", b"marked")))
    assert deck.downloads(found, "", tmp_path).apkg == b"marked"
    # Negative control: other cards miss the cache.
    assert deck.downloads(found[:1], "", tmp_path).apkg != b"marked"
    assert first.apkg != b"marked"


def test_the_project_gives_enough_cards_in_every_area():
    from pathlib import Path

    from studyguide.pages import DocsIndex
    from studyguide.project import Project

    project = Project.from_file(Path(__file__).resolve().parent.parent / "mkdocs.yml")
    found, _ = cards.cards(project.load().data, DocsIndex(project.docs_dir).shown())
    assert len(found) >= 600
    assert set(deck.AREA_NAMES) <= {c.area for c in found}
    assert cards.duplicate_ids(found) == []
