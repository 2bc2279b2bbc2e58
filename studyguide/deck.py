"""The flashcards as downloads: an Anki package that updates in place, and a CSV.

The Anki package (genanki) has one deck per area under a parent deck, one note type
(front, back, source, link) and each note's GUID made from its card's stable id: importing
a newer package updates the changed cards in place and keeps the learner's reviews. Both
files are the same bytes for the same cards (the time inside comes from
SOURCE_DATE_EPOCH, else a fixed date), cached by a hash of the cards, and written
atomically.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import cache
from .cards import Card
from .render import page_url

PARENT = "SAA-C03"
APKG = "saa-c03-flashcards.apkg"
CSV = "saa-c03-flashcards.csv"
FIXED_EPOCH = 1767225600  # 2026-01-01: the time inside the files when no SOURCE_DATE_EPOCH
MODEL_ID = 1_607_392_319  # the note type's id: fixed, so re-imports match the same type
AREA_NAMES = {
    "fundamentals": "Well-Architected foundations",
    "identity": "Identity and access",
    "security": "Security services",
    "governance": "Management and governance",
    "cost": "Cost management",
    "compute": "Compute",
    "containers": "Serverless and containers",
    "storage": "Storage",
    "databases": "Databases",
    "migration": "Migration and transfer",
    "networking": "Networking",
    "resilience": "Resilience and disaster recovery",
    "monitoring": "Monitoring and auditing",
    "integration": "Application integration",
    "analytics": "Analytics",
    "front-end": "Front-end web and mobile",
    "machine-learning": "Machine learning",
}


@dataclass(frozen=True)
class Downloads:
    apkg: bytes
    csv: bytes


def epoch() -> int:
    return int(os.environ.get("SOURCE_DATE_EPOCH") or FIXED_EPOCH)


def _id(text: str) -> int:
    """A deck id from its name: stable, within Anki's 31-bit range."""
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) % (1 << 31) | (1 << 30)


def address(card: Card, site_url: str) -> str:
    """The web address of the page section a card comes from."""
    return f"{site_url.rstrip('/')}/{page_url(card.link)}" if card.link else site_url


def tags(card: Card) -> list[str]:
    return [f"area::{card.area}", *(f"task::{t}" for t in card.tasks)]


def _apkg(cards: Sequence[Card], site_url: str, stamp: int) -> bytes:
    import genanki

    model = genanki.Model(
        MODEL_ID,
        "SAA-C03 Study Guide card",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Source"}, {"name": "Link"}],
        templates=[
            {
                "name": "Card",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}'
                '<p class="source">{{Source}} · <a href="{{Link}}">read on the site</a></p>',
            }
        ],
        css=".card { font-family: sans-serif; font-size: 20px; text-align: left; }"
        " .source { font-size: 14px; color: #666; }",
    )
    decks: dict[str, genanki.Deck] = {}
    for card in cards:
        name = f"{PARENT}::{AREA_NAMES.get(card.area, card.area)}"
        deck = decks.setdefault(name, genanki.Deck(_id(name), name))
        link = address(card, site_url)
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[_html(card.front), _html(card.back), _html(card.source), link],
                tags=tags(card),
                guid=genanki.guid_for(card.id),
            )
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / APKG
        genanki.Package(list(decks.values())).write_to_file(str(path), timestamp=stamp)
        return _repack(path.read_bytes(), stamp)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _repack(data: bytes, stamp: int) -> bytes:
    """The same zip with every entry's date fixed (genanki stamps them with the clock)."""
    when = dt.datetime.fromtimestamp(stamp, dt.UTC).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def _csv(cards: Sequence[Card], site_url: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["front", "back", "tags", "link"])
    for card in cards:
        link = address(card, site_url)
        writer.writerow([card.front, card.back, " ".join(tags(card)), link])
    return out.getvalue().encode("utf-8")


def downloads(cards: Sequence[Card], site_url: str, cache_dir: Path | None) -> Downloads:
    """Both files, from the cache when the cards (and the code) are unchanged."""
    stamp = epoch()
    key = cache.digest(stamp, site_url, *(repr(c) for c in cards), files=(Path(__file__),))
    return cache.remember(
        cache_dir,
        "deck",
        key,
        lambda: Downloads(_apkg(cards, site_url, stamp), _csv(cards, site_url)),
        keep=4,
    )


def write(files: Downloads, out_dir: Path) -> dict[str, int]:
    """Put both files into the site (atomically, unless unchanged); name -> size in bytes."""
    sizes = {}
    for name, data in ((APKG, files.apkg), (CSV, files.csv)):
        path = out_dir / name
        if not path.is_file() or path.read_bytes() != data:
            cache.atomic_write(path, data)
        sizes[name] = len(data)
    return sizes
