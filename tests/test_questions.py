"""The question bank: its shape, its spread and its tells, and the loader's rules for it.

Protects: at least 300 questions, spread by the exam's domain weights (within 3 points)
with at least 12 per task statement; about one in five multiple response; no tells (the
right answer is the longest option in at most 35% of multiple-choice questions, and each
position holds the right answer 20-30% of the time); and every rule of a question file
reported as FILE:LINE: path: problem, all at once.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from studyguide import examguide, practice
from studyguide.loader import QUESTIONS, DataError, load_text
from studyguide.pages import DocsIndex
from studyguide.project import Project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bank():
    return practice.all_questions(Project.from_file(ROOT / "mkdocs.yml").load().questions)


@pytest.fixture(scope="module")
def figures(bank):
    return practice.figures(bank)


def test_size_and_spread_follow_the_exam_guide(figures):
    assert figures.total >= 300
    for domain in examguide.domains():
        share = figures.domain_share(domain) * 100
        assert abs(share - domain.weight_pct) <= 3, (domain.id, share)
        for task in domain.tasks:
            assert figures.per_task.get(task.id, 0) >= 12, task.id


def test_about_one_in_five_is_multiple_response(figures):
    assert 0.15 <= figures.multiple_response / figures.total <= 0.25


def test_no_tell_in_position_or_length(figures):
    shares = {pos: n / figures.single for pos, n in figures.single_positions.items()}
    assert set(shares) == {1, 2, 3, 4}
    assert all(0.20 <= share <= 0.30 for share in shares.values()), shares
    assert figures.longest_right / figures.single <= 0.35


def test_the_tells_are_measured(bank):
    # Negative control: a bank where the right answer is always first and longest fails.
    rigged = []
    for q in bank[:40]:
        if sum(o.correct for o in q.options) != 1:
            continue
        right = next(o for o in q.options if o.correct)
        longer = right.model_copy(update={"text": right.text + " and more besides" * 9})
        rest = [o for o in q.options if not o.correct]
        rigged.append(q.model_copy(update={"options": [longer, *rest]}))
    f = practice.figures(rigged)
    assert f.single_positions == {1: f.single}
    assert f.longest_right == f.single


def test_every_question_reads_as_the_exam_asks(bank):
    problems = []
    for q in bank:
        sentences = len(re.findall(r"[.?!](?:\s|$)", q.stem))
        if not 2 <= sentences <= 6:  # 2 to 5 sentences, plus a "(Choose two.)"
            problems.append(f"{q.id}: {sentences} sentences in the stem")
        for o in q.options:
            if re.search(r"\b(all|none) of the above\b", o.text, re.I):
                problems.append(f"{q.id}: all/none of the above")
            if not 1 <= len(re.findall(r"[.?!](?:\s|$)", o.why)) <= 3:
                problems.append(f"{q.id}: an explanation of 1 to 3 sentences: {o.why[:40]}")
    assert problems == []


def test_the_exam_draw_follows_the_weights():
    draw = practice.exam_draw({1: 96, 2: 83, 3: 77, 4: 64})
    assert draw == {1: 19, 2: 17, 3: 16, 4: 13}
    assert sum(draw.values()) == practice.EXAM_SIZE
    # A domain with too few questions gives what it has.
    assert practice.exam_draw({1: 5, 2: 83, 3: 77, 4: 64})[1] == 5


QUESTION = textwrap.dedent(
    """\
    domain: 1
    questions:
      - id: cross-account-read
        task: "1.1"
        stem: >-
          A company must read a bucket in another account. Which solution meets the need?
        options:
          - text: A role in the other account.
            correct: true
            why: The role grants temporary access.
          - text: An IAM user's access keys.
            why: Long-term keys break the rule.
          - text: Bucket replication.
            why: Replication grants no access.
          - text: A public bucket policy.
            why: It opens the bucket to everyone.
        evidence: [identity/iam.md#roles]
        services: [AWS STS]
        difficulty: 2
        verified: 2026-12-01
    """
)


def problems(text: str, docs=None) -> list[str]:
    with pytest.raises(DataError) as info:
        load_text(text, "q.yml", docs, QUESTIONS)
    return str(info.value).splitlines()


@pytest.fixture
def docs(tmp_path) -> DocsIndex:
    (tmp_path / "identity").mkdir()
    (tmp_path / "identity" / "iam.md").write_text("# IAM\n\n## Roles\n")
    return DocsIndex(tmp_path)


def test_a_valid_question_loads(docs):
    loaded = load_text(QUESTION, "q.yml", docs, QUESTIONS)
    assert loaded.questions[0].options[0].correct is True


def test_wrong_number_of_right_answers():
    text = QUESTION.replace(
        "        why: Long-term", "        correct: true\n        why: Long-term"
    )
    assert problems(text) == [
        "q.yml:7: questions[0].options: 2 options are marked `correct: true`; mark exactly "
        "one, or end the stem with '(Choose two.)' or '(Choose three.)' for a "
        "multiple-response question"
    ]


def test_choose_two_needs_two_right_answers_of_five_or_six():
    text = QUESTION.replace("Which solution meets the need?", "Which meet the need? (Choose two.)")
    assert problems(text) == [
        "q.yml:7: questions[0].options: a multiple-response question has 5 or 6 options, not 4",
        "q.yml:7: questions[0].options: the stem says 'Choose two' but 1 option(s) are marked "
        "`correct: true`; mark exactly 2",
    ]


def test_duplicate_option_text_and_all_of_the_above():
    text = QUESTION.replace("Bucket replication.", "A role in the other account.").replace(
        "A public bucket policy.", "All of the above."
    )
    assert problems(text) == [
        "q.yml:13: questions[0].options[2].text: the same text as option 1; every option "
        "must differ",
        "q.yml:15: questions[0].options[3].text: 'all/none of the above' is not allowed; "
        "write a real alternative",
    ]


def test_unknown_task_and_task_of_another_domain():
    assert problems(QUESTION.replace('task: "1.1"', 'task: "4.5"'))[0].startswith(
        "q.yml:4: questions[0].task: unknown exam task `4.5`; use one of 1.1, 1.2"
    )
    assert problems(QUESTION.replace('task: "1.1"', 'task: "2.1"')) == [
        "q.yml:4: questions[0].task: task `2.1` is not in domain 1, which this file holds; "
        "move the question to the file of domain 2"
    ]


def test_evidence_must_name_a_heading_of_a_page(docs):
    assert problems(QUESTION.replace("iam.md#roles", "iam.md#role"), docs) == [
        "q.yml:17: questions[0].evidence[0]: `identity/iam.md` has no heading with the "
        "anchor `#role`; did you mean `identity/iam.md#roles`?"
    ]
    assert problems(QUESTION.replace("identity/iam.md", "identity/iamm.md"), docs) == [
        "q.yml:17: questions[0].evidence[0]: page `identity/iamm.md` does not exist under "
        "docs/; fix the path or create it"
    ]


def test_unknown_field_and_bad_difficulty():
    text = QUESTION.replace("difficulty: 2", "difficulty: 4\n    hint: no")
    assert problems(text) == [
        "q.yml:19: questions[0].difficulty: input should be 1, 2 or 3; pick one of those values",
        "q.yml:20: questions[0].hint: unknown field; remove it or fix its name (allowed: id, "
        "task, stem, options, evidence, services, difficulty, verified, sources)",
    ]


def test_duplicate_ids_across_files_are_reported(tmp_path, docs, valid_yaml):
    (tmp_path / "questions").mkdir()
    (tmp_path / "questions" / "1-a.yml").write_text(QUESTION)
    (tmp_path / "questions" / "1-b.yml").write_text(QUESTION)
    (tmp_path / "data.yml").write_text(valid_yaml)
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: T\ndocs_dir: {docs.dir}\n"
        "extra: {saa: {data: data.yml, questions: questions, cache_dir: false}}\n"
    )
    with pytest.raises(DataError) as info:
        Project.from_file(tmp_path / "mkdocs.yml").load()
    assert str(info.value).splitlines() == [
        f"{tmp_path / 'questions' / '1-b.yml'}:3: questions[0].id: id `cross-account-read` is "
        f"already used in {tmp_path / 'questions' / '1-a.yml'}; give this one another id"
    ]
