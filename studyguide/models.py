"""Typed models of the data: data/comparisons.yml and the question bank in data/questions/.

Every field carries a description: the JSON schemas next to the data are generated
from these models (`python3 tasks.py schema`), so editors can show the text as help.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AnyUrl, BaseModel, ConfigDict, Field, field_validator

AREAS = (
    "fundamentals",
    "identity",
    "security",
    "governance",
    "cost",
    "compute",
    "containers",
    "storage",
    "databases",
    "migration",
    "networking",
    "resilience",
    "monitoring",
    "integration",
    "analytics",
    "front-end",
    "machine-learning",
)
Area = Literal[AREAS]  # type: ignore[valid-type]

Slug = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
        description="Lower-case words joined by hyphens, e.g. `s3-storage-classes`.",
    ),
]
Key = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]*$",
        description="Lower-case letters, digits and underscores, e.g. `min_duration`.",
    ),
]
Text = Annotated[str, Field(min_length=1)]
PageRef = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9_/-]*\.md(#[a-z0-9][a-z0-9_-]*)?$",
        description="A page of the site as its path under docs/, optionally with an anchor, "
        "e.g. `storage/s3.md#storage-classes`.",
    ),
]
TaskId = Annotated[
    str,
    Field(
        pattern=r"^[1-4]\.[1-5]$",
        description="An SAA-C03 task statement id from data/exam-guide.yml, e.g. `3.1`.",
    ),
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Source(Model):
    """A page of the AWS documentation that backs the figures."""

    title: Text = Field(description="The page's title as shown to the reader.")
    url: AnyUrl = Field(description="An https URL on an AWS documentation site.")

    @field_validator("url")
    @classmethod
    def _aws_https(cls, url: AnyUrl) -> AnyUrl:
        host = url.host or ""
        if url.scheme != "https" or not (
            host == "aws.amazon.com"
            or host.endswith(".aws.amazon.com")
            or host.endswith(".amazon.com")
        ):
            raise ValueError("use an https URL on docs.aws.amazon.com or aws.amazon.com")
        return url


class Column(Model):
    """One column of a comparison table."""

    key: Key = Field(description="The key that every row's `cells` uses for this column.")
    label: Text = Field(description="The column heading shown to the reader.")
    drill: bool = Field(
        default=False,
        description="Worth drilling as flashcards: a card per row asks for this column's "
        "value (and, where the value is unique in the column, a reverse card asks which "
        "row has it).",
    )


class Row(Model):
    """One row of a comparison table: the thing compared and its values."""

    name: Text = Field(description="The thing this row describes; shown as the row heading.")
    page: PageRef | None = Field(
        default=None, description="The page about this thing, when the site has one."
    )
    cells: dict[str, Text] = Field(
        description="One value per column, keyed by the column's `key`. Values are plain text."
    )


class Comparison(Model):
    """A comparison table, rendered on the site and on the cheat sheets."""

    id: Slug = Field(description="Unique id; pages call `{{ comparison('ID') }}`.")
    title: Text = Field(description="The table's caption.")
    intro: Text = Field(description="One line that says what the table helps decide.")
    area: Area = Field(description="The area of the site this table belongs to.")
    row_label: Text = Field(description="Heading of the first column, which names each row.")
    columns: list[Column] = Field(min_length=1, description="The value columns, in order.")
    rows: list[Row] = Field(min_length=1, description="The rows, in order.")
    notes: list[Text] = Field(default=[], description="Footnotes shown under the table.")
    sources: list[Source] = Field(min_length=1, description="AWS documentation that backs it.")
    verified: dt.date = Field(description="When the figures were last checked, as YYYY-MM-DD.")
    exam_tasks: list[TaskId] = Field(min_length=1, description="Exam task ids this table serves.")


class Fact(Model):
    """One fact or exam cue, short enough for a cheat sheet line."""

    text: Text = Field(
        description="The fact, with numbers and units. `[[...]]` marks a part to hide on a "
        "flashcard (shown as plain text everywhere else), e.g. `[[180 days]]`."
    )
    kind: Literal["fact", "cue", "gotcha"] = Field(
        default="fact", description="`fact`, `cue` (exam keyword to answer) or `gotcha`."
    )
    page: PageRef | None = Field(default=None, description="Where the site explains it.")
    id: Slug | None = Field(
        default=None,
        description="Pins the id of the fact's flashcards, which is otherwise made from the "
        "words outside its `[[...]]` parts (for a cue, from the words before the arrow).",
    )


class FactList(Model):
    """A named list of key facts and exam cues."""

    id: Slug = Field(description="Unique id; pages call `{{ facts('ID') }}`.")
    title: Text = Field(description="The list's heading.")
    area: Area = Field(description="The area of the site this list belongs to.")
    items: list[Fact] = Field(min_length=1, description="The facts, in order.")
    sources: list[Source] = Field(min_length=1, description="AWS documentation that backs it.")
    verified: dt.date = Field(description="When the facts were last checked, as YYYY-MM-DD.")
    exam_tasks: list[TaskId] = Field(min_length=1, description="Exam task ids this list serves.")


class Correction(Model):
    """A place where the source notes were wrong or out of date."""

    topic: Text = Field(description="What the correction is about.")
    notes_said: Text = Field(description="What the source notes said.")
    now: Text = Field(description="What is true today.")
    page: PageRef = Field(description="The page that states the corrected fact.")
    source: Source = Field(description="The AWS documentation that shows it.")
    verified: dt.date = Field(description="When it was checked, as YYYY-MM-DD.")


class Term(Model):
    """A glossary entry."""

    term: Text = Field(description="The term or acronym.")
    definition: Text = Field(description="One or two sentences in plain words.")
    page: PageRef | None = Field(default=None, description="Where the site explains it.")


class Retired(Model):
    """A service or feature that was retired, closed to new customers or renamed."""

    name: Text = Field(description="The name learners meet in older material.")
    status: Literal["retired", "closed", "renamed"] = Field(
        description="`retired` (gone), `closed` (to new customers) or `renamed`."
    )
    date: dt.date = Field(description="When it took effect, as YYYY-MM-DD.")
    choose: Text = Field(description="What to choose today, or the new name of a renamed one.")
    page: PageRef = Field(description="The page to read instead.")
    source: Source = Field(description="The AWS announcement or documentation that says so.")
    verified: dt.date = Field(description="When it was checked, as YYYY-MM-DD.")


class Alias(Model):
    """Words a learner types to find a page whose title does not say them."""

    page: PageRef = Field(description="The page these words should find first.")
    terms: list[Text] = Field(
        min_length=1,
        description="Abbreviations, old names and generic needs, e.g. `TGW`, `graph database`.",
    )


class DataFile(Model):
    """The single source of truth for every table, fact list and correction on the site."""

    comparisons: list[Comparison] = Field(min_length=1, description="Comparison tables.")
    facts: list[FactList] = Field(default=[], description="Key facts and exam cues.")
    corrections: list[Correction] = Field(default=[], description="Corrections of the notes.")
    glossary: list[Term] = Field(default=[], description="Glossary entries.")
    retired: list[Retired] = Field(
        default=[], description="Services and features retired, closed or renamed."
    )
    aliases: list[Alias] = Field(default=[], description="Search words for pages.")


# ---------------------------------------------------------------- the question bank


class Option(Model):
    """One answer option of a practice question."""

    text: Text = Field(description="The option as the learner reads it.")
    correct: bool = Field(default=False, description="`true` on the right option(s) only.")
    why: Text = Field(
        description="One to three sentences: why it is right, or the one reason it fails here."
    )


class Question(Model):
    """An exam-style scenario question with an explanation for every option."""

    id: Slug = Field(description="Unique id across the bank, e.g. `cross-account-read-with-role`.")
    task: TaskId = Field(description="The exam task statement it tests, e.g. `1.1`.")
    stem: Text = Field(
        description="Two to five sentences: the scenario, its constraint and the question. "
        "A multiple-response stem ends with `(Choose two.)` or `(Choose three.)`."
    )
    options: list[Option] = Field(
        min_length=4,
        max_length=6,
        description="Four options with one right answer, or five or six with two or three.",
    )
    evidence: list[PageRef] = Field(
        min_length=1, description="Page sections that teach the answer, as `page.md#anchor`."
    )
    services: list[Text] = Field(min_length=1, description="The services the question tests.")
    difficulty: Literal[1, 2, 3] = Field(description="1 (easy), 2 (medium) or 3 (hard).")
    verified: dt.date = Field(description="When it was checked, as YYYY-MM-DD.")
    sources: list[Source] = Field(
        default=[], description="AWS documentation for the figures the answer rests on."
    )


class QuestionFile(Model):
    """One domain's practice questions (data/questions/*.yml)."""

    domain: Literal[1, 2, 3, 4] = Field(description="The exam domain of every question here.")
    questions: list[Question] = Field(min_length=1, description="The questions, in any order.")
