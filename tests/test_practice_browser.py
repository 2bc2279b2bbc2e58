"""The practice script (docs/assets/javascripts/practice.js) in a real browser.

Drives Debian's Chromium with Playwright over the built site, with the fixtures of
conftest.py. Protects: checking an answer on a practice page (marks in words, the
explanations opened, focus on the result, the live region), the last answers kept in
localStorage and the weak-spots table they fill, the keyboard alone (Tab, number keys,
Enter), the exam simulation (a seeded draw by the domain weights, the clock and its pause,
the flag, resuming after a reload, the results), accessibility (axe-core, WCAG 2.1 A/AA)
with answers marked and an exam in progress in both colour schemes, and a phone's 375 px.
"""

from __future__ import annotations

import json
from collections import Counter

import browsing
import pytest
from browsing import axe, focused, needs_chromium, page_in_scheme, shows_scheme, tab_to

from studyguide.practice import exam_draw

pytestmark = needs_chromium

PROGRESS = "saa-practice:v1"
EXAM = "saa-exam:v1"
DAY = 86_400_000


# ---------------------------------------------------------------- helpers


@pytest.fixture(scope="session")
def bank(built_site) -> dict:
    return json.loads((built_site / "assets/practice/bank.json").read_text(encoding="utf-8"))


def fetch_bank(page, base_url) -> dict:
    """The bank as the browser gets it (the test reads the keys from it, as a cheat would)."""
    response = page.request.get(base_url + "assets/practice/bank.json")
    assert response.status == 200
    return response.json()


def storage(page, key: str):
    return page.evaluate(f"JSON.parse(localStorage.getItem({json.dumps(key)}))")


def questions_of(bank: dict, task: str) -> list[dict]:
    return [q for q in bank["questions"] if q["task"] == task]


def wrong_choice(q: dict) -> list[int]:
    """As many options as the question asks for, none of them right."""
    return [i for i in range(len(q["options"])) if i not in q["right"]][: len(q["right"])]


def check(page, item, choice: list[int]) -> None:
    for i in choice:
        item.locator(".q-choices input").nth(i).check()
    item.locator("button", has_text="Check answer").click()


def overflow(page) -> list[str]:
    return browsing.overflow(
        page, ".practice *, .practice-progress *, .practice-exam *, .md-content"
    )


def start_exam(page, base_url, hash_: str) -> None:
    page.goto(base_url + "practice/exam/" + hash_)
    page.get_by_role("button", name="Start the exam").click()
    page.locator(".exam-qhead").wait_for()


def current(page, bank: dict) -> dict:
    a = page.locator(".exam-q").get_attribute("data-a")
    return next(q for q in bank["questions"] if q["a"] == a)


def exam_order(page, base_url, bank: dict, hash_: str) -> list[str]:
    """The ids of the questions of the exam at this address, in their order."""
    start_exam(page, base_url, hash_)
    n = page.locator(".exam-navbtn").count()
    ids = []
    for i in range(n):
        page.locator(".exam-navbtn").nth(i).click()
        ids.append(current(page, bank)["id"])
    return ids


def answer_current(page, q: dict, choice: list[int]) -> None:
    for i in choice:
        page.locator(".exam-q .q-choices input").nth(i).check()


# ---------------------------------------------------------------- practice pages


def test_checking_a_right_and_a_wrong_answer_marks_every_option(page, base_url):
    """A right and a wrong answer on a task page: every option says Right or Wrong in
    words, the chosen one says so, the explanations open, the focus moves to the result
    and the live region says "Question N: right" / "Question N: wrong, the answer is X"."""
    bank = fetch_bank(page, base_url)
    page.goto(base_url + "practice/task-1-1/")
    items = page.locator(".practice li.q")
    first = items.nth(0)
    q1 = next(q for q in bank["questions"] if q["id"] == first.get_attribute("data-id"))
    assert first.locator(".q-answer").get_attribute("open") is None

    check(page, first, q1["right"])
    marks = first.locator(".q-mark").all_inner_texts()
    assert len(marks) == len(q1["options"])
    for i, mark in enumerate(marks):
        expected = "right" if i in q1["right"] else "wrong"
        assert mark.lower().startswith(expected), (i, mark)
        assert ("your choice" in mark.lower()) == (i in q1["right"])
    assert first.locator(".q-answer").get_attribute("open") is not None
    assert focused(page, "li.q .q-result")
    assert first.locator(".q-result").inner_text().startswith("Right")
    status = page.locator(".practice-status")
    page.wait_for_function(
        "document.querySelector('.practice-status').textContent === 'Question 1: right'"
    )
    assert first.locator(".q-choices input:disabled").count() == len(q1["options"])

    # A wrong answer to the first single-answer question after the first.
    n, item = next(
        (i, items.nth(i))
        for i in range(1, items.count())
        if items.nth(i).get_attribute("data-choose") == "1"
    )
    q = next(x for x in bank["questions"] if x["id"] == item.get_attribute("data-id"))
    mine = wrong_choice(q)
    check(page, item, mine)
    key = "ABCDEF"[q["right"][0]]
    page.wait_for_function(
        "t => document.querySelector('.practice-status').textContent === t",
        arg=f"Question {n + 1}: wrong, the answer is {key}",
    )
    assert status.inner_text() == f"Question {n + 1}: wrong, the answer is {key}"
    chosen = item.locator(".q-choices > li").nth(mine[0])
    assert "q-is-wrong" in chosen.get_attribute("class")
    assert chosen.locator(".q-mark").inner_text().lower() == "wrong, your choice"
    right = item.locator(".q-choices > li").nth(q["right"][0])
    assert right.locator(".q-mark").inner_text().lower() == "right"
    assert item.locator(".q-result").inner_text().startswith(f"Wrong: the answer is {key}")
    assert focused(page, f"li.q[data-id='{q['id']}'] .q-result")

    # Try again clears the marks and puts the focus on the first option.
    item.get_by_role("button", name="Try again").click()
    assert item.locator(".q-mark").count() == 0
    assert item.locator(".q-answer").get_attribute("open") is None
    assert focused(page, f"li.q[data-id='{q['id']}'] .q-choices")
    assert item.locator(".q-choices input:checked").count() == 0

    answers = storage(page, PROGRESS)["answers"]
    assert answers[q1["id"]][-1]["ok"] is True
    assert answers[q1["id"]][-1]["c"] == q1["right"]
    assert answers[q["id"]][-1] == {**answers[q["id"]][-1], "ok": False, "c": mine}


def test_a_multiple_response_question_needs_its_number_of_options(page, base_url):
    """A "Choose 2" question is not checked with one option: it says why, in the question
    and in the live region, and marks nothing."""
    page.goto(base_url + "practice/task-1-1/")
    item = page.locator(".practice li.q[data-choose='2']").first
    check(page, item, [0])
    assert "Choose exactly 2 options" in item.locator(".q-hint").inner_text()
    page.wait_for_function(
        "document.querySelector('.practice-status').textContent.includes('Choose exactly 2')"
    )
    assert item.locator(".q-mark").count() == 0
    assert item.locator(".q-choices input:disabled").count() == 0


def test_last_answers_and_weak_spots_survive_a_reload(page, base_url):
    """Answers are kept in localStorage (`saa-practice:v1`): after a reload each question
    shows its last result and when; the practice index fills "Answered" and "Recent
    accuracy", sorts the task statements worst first, and "Reset progress" clears it."""
    bank = fetch_bank(page, base_url)
    page.goto(base_url + "practice/task-1-1/")
    items = page.locator(".practice li.q")
    ids = [items.nth(i).get_attribute("data-id") for i in range(2)]
    qs = [next(q for q in bank["questions"] if q["id"] == i) for i in ids]
    check(page, items.nth(0), qs[0]["right"])
    check(page, items.nth(1), wrong_choice(qs[1]))

    # An answer of two days ago to a task 2.1 question, written as the script writes it.
    old = questions_of(bank, "2.1")[0]
    page.evaluate(
        """([key, id, c]) => {
          const p = JSON.parse(localStorage.getItem(key));
          p.answers[id] = [{t: Date.now() - 2 * 86400000 - 60000, ok: true, c}];
          localStorage.setItem(key, JSON.stringify(p));
        }""",
        [PROGRESS, old["id"], old["right"]],
    )
    page.reload()
    assert items.nth(0).locator(".q-last").inner_text() == "Last answer: right, just now"
    assert items.nth(1).locator(".q-last").inner_text() == "Last answer: wrong, just now"
    assert items.nth(2).locator(".q-last").is_hidden()
    page.goto(base_url + "practice/task-2-1/")
    shown = page.locator(f".practice li.q[data-id='{old['id']}'] .q-last")
    assert shown.inner_text() == "Last answer: right, 2 days ago"

    page.goto(base_url + "practice/")
    table = page.locator(".practice-progress tbody")
    table.locator("tr[data-task='1.1'] td.p-answered").filter(has_text="/").wait_for()
    total = Counter(q["task"] for q in bank["questions"])
    row = table.locator("tr[data-task='1.1']")
    assert row.locator(".p-answered").inner_text() == f"2/{total['1.1']}"
    assert row.locator(".p-accuracy").inner_text() == "50% (1/2)"
    row = table.locator("tr[data-task='2.1']")
    assert row.locator(".p-answered").inner_text() == f"1/{total['2.1']}"
    assert row.locator(".p-accuracy").inner_text() == "100% (1/1)"
    assert table.locator("tr[data-task='3.3'] .p-accuracy").inner_text() == "Not practised"
    order = table.locator("tr").evaluate_all("rows => rows.map(r => r.dataset.task)")
    guide = [t for d in bank["meta"]["domains"] for t in d["tasks"]]
    assert order == ["1.1", "2.1"] + [t for t in guide if t not in ("1.1", "2.1")]

    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Reset progress").click()
    table.locator("tr[data-task='1.1'] .p-accuracy").filter(has_text="Not practised").wait_for()
    assert storage(page, PROGRESS) is None
    assert table.locator("tr").evaluate_all("rows => rows.map(r => r.dataset.task)") == guide


def test_corrupt_or_older_progress_starts_afresh(page, base_url):
    """A corrupt or older value of the progress key does not break the page: the first
    answer starts a new, valid record; only the last 10 answers of a question are kept."""
    page.goto(base_url + "practice/task-1-1/")
    for value in ("{not json", json.dumps({"v": 0, "answers": {"x": 1}}), "null"):
        page.evaluate(f"localStorage.setItem('{PROGRESS}', {json.dumps(value)})")
        page.reload()
        item = page.locator(".practice li.q").first
        assert item.locator(".q-last").is_hidden()
        check(page, item, [0])
        saved = storage(page, PROGRESS)
        assert saved["v"] == 1
        assert list(saved["answers"]) == [item.get_attribute("data-id")]
    for _ in range(11):
        item.get_by_role("button", name="Try again").click()
        check(page, item, [0])
    assert len(storage(page, PROGRESS)["answers"][item.get_attribute("data-id")]) == 10


def test_the_keyboard_alone_answers_questions(page, base_url):
    """Tab to a question, number keys pick options, Enter checks; arrow keys move within a
    radio group; the focused button shows a visible focus ring."""
    bank = fetch_bank(page, base_url)
    page.goto(base_url + "practice/task-1-1/")
    items = page.locator(".practice li.q")
    first = items.nth(0)
    q1 = next(q for q in bank["questions"] if q["id"] == first.get_attribute("data-id"))
    tab_to(page, ".practice li.q")
    assert focused(page, f"li.q[data-id='{q1['id']}']")

    page.keyboard.press("1")
    assert first.locator(".q-choices input").nth(0).is_checked()
    page.keyboard.press("ArrowDown")  # as the browser does in a radio group
    assert first.locator(".q-choices input").nth(1).is_checked()
    page.keyboard.press(str(q1["right"][0] + 1))
    assert first.locator(".q-choices input").nth(q1["right"][0]).is_checked()
    page.keyboard.press("Enter")
    assert focused(page, f"li.q[data-id='{q1['id']}'] .q-result")
    page.wait_for_function(
        "document.querySelector('.practice-status').textContent === 'Question 1: right'"
    )

    # On to the next question, by Tab only; a "Choose 2" question takes two number keys.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Try again"
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert ring != "none"
    n, multi = next(
        (i, items.nth(i))
        for i in range(items.count())
        if items.nth(i).get_attribute("data-choose") == "2"
    )
    q = next(x for x in bank["questions"] if x["id"] == multi.get_attribute("data-id"))
    tab_to(page, f"li.q[data-id='{q['id']}']")
    page.keyboard.press(str(q["right"][0] + 1))
    page.keyboard.press("Enter")  # one of two: not checked, and it says why
    assert "Choose exactly 2" in multi.locator(".q-hint").inner_text()
    page.keyboard.press(str(q["right"][1] + 1))
    page.keyboard.press("Enter")
    page.wait_for_function(
        "t => document.querySelector('.practice-status').textContent === t",
        arg=f"Question {n + 1}: right",
    )
    assert multi.locator(".q-is-chosen.q-is-right").count() == 2


# ---------------------------------------------------------------- the exam simulation


def test_a_short_exam_answered_right_scores_100_percent(page, base_url):
    """`#seed=42&size=6`: the draw follows the domain weights (as exam_draw does), nothing
    is marked during the exam, every right answer gives 100% (6/6) with a row per domain
    and task statement; the answers go into the progress key; no other host is asked."""
    foreign: list[str] = []
    page.on(
        "request",
        lambda r: foreign.append(r.url) if not r.url.startswith(base_url) else None,
    )
    bank = fetch_bank(page, base_url)
    start_exam(page, base_url, "#seed=42&size=6")
    assert page.evaluate("location.hash") == "#seed=42&size=6"
    assert page.locator(".exam-clock").inner_text() == "12:00"
    n = page.locator(".exam-navbtn").count()
    assert n == 6
    seen = []
    for i in range(n):
        assert page.locator(".exam-qhead").inner_text().startswith(f"Question {i + 1} of 6")
        q = current(page, bank)
        seen.append(q)
        answer_current(page, q, q["right"])
        assert page.locator(".exam-app").get_by_text("right", exact=False).count() == 0
        assert page.locator(".q-mark, .q-result").count() == 0
        if i < n - 1:
            page.get_by_role("button", name="Next").click()
            assert focused(page, ".exam-qhead")
    assert page.locator(".exam-navbtn.is-answered").count() == 6
    page.get_by_role("button", name="Finish the exam").click()  # all answered: no confirm

    assert focused(page, ".exam-h")
    assert page.locator(".exam-score").inner_text() == "Score: 100% (6/6 right)"
    counts = Counter(q["domain"] for q in bank["questions"])
    draw = exam_draw(counts, 6)
    assert Counter(q["domain"] for q in seen) == Counter({d: k for d, k in draw.items() if k})
    domains = page.locator("table.exam-table").nth(0).locator("tbody tr")
    rows = domains.evaluate_all("rows => rows.map(r => [...r.children].map(c => c.textContent))")
    names = {d["id"]: d["name"] for d in bank["meta"]["domains"]}
    assert rows == [
        [f"Domain {d}", names[d], f"{k}/{k}", "100%"] for d, k in sorted(draw.items()) if k
    ]
    tasks = page.locator("table.exam-table").nth(1).locator("tbody tr th")
    assert sorted(tasks.all_inner_texts()) == sorted({f"Task {q['task']}" for q in seen})
    assert page.locator(".exam-miss").count() == 0
    answers = storage(page, PROGRESS)["answers"]
    assert sorted(answers) == sorted(q["id"] for q in seen)
    assert all(a[-1]["ok"] for a in answers.values())
    assert foreign == []


def test_wrong_answers_list_explanations_and_pages_to_reread(page, base_url):
    """A wrong and an unanswered question appear in the results with the stem, the choice,
    the right options, every option's explanation and evidence links into the site; the
    pages to reread are the missed questions' evidence pages. Finishing with unanswered
    questions asks first."""
    bank = fetch_bank(page, base_url)
    start_exam(page, base_url, "#seed=7&size=3")
    wrong = current(page, bank)
    answer_current(page, wrong, wrong_choice(wrong))
    page.get_by_role("button", name="Next").click()
    right = current(page, bank)
    answer_current(page, right, right["right"])
    page.get_by_role("button", name="Next").click()
    skipped = current(page, bank)
    asked: list[str] = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.get_by_role("button", name="Finish the exam").click()
    assert len(asked) == 1
    assert "1 of 3 questions is not answered" in asked[0]
    assert page.locator(".exam-qhead").is_visible()  # dismissed: the exam goes on
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Finish the exam").click()

    assert page.locator(".exam-score").inner_text() == "Score: 33% (1/3 right)"
    missed = page.locator(".exam-miss")
    assert missed.evaluate_all("els => els.map(e => e.dataset.a)") == [wrong["a"], skipped["a"]]
    first = missed.nth(0)
    assert wrong["stem"] in first.inner_text()
    assert first.locator("h4").inner_text().startswith("Question 1: wrong")
    assert missed.nth(1).locator("h4").inner_text().startswith("Question 3: not answered")
    assert missed.nth(1).locator(".exam-yours").inner_text() == "Your answer: none"
    for i in wrong["right"]:
        assert wrong["options"][i] in first.locator(".exam-key").inner_text()
    explain = first.locator(".q-explain > li")
    assert explain.count() == len(wrong["options"])
    for i, why in enumerate(wrong["why"]):
        assert why in explain.nth(i).inner_text()
    hrefs = first.locator(".q-evidence a").evaluate_all("as => as.map(a => a.href)")
    assert hrefs[: len(wrong["evidence"])] == [base_url + url for _, url in wrong["evidence"]]
    pages = page.locator(".exam-pages a").evaluate_all("as => as.map(a => a.href)")
    expected = {base_url + url.split("#")[0] for q in (wrong, skipped) for _, url in q["evidence"]}
    assert sorted(pages) == sorted(expected)
    assert page.request.get(pages[0]).status == 200
    # The unanswered question is not an answer: only the two answered ones are recorded.
    assert sorted(storage(page, PROGRESS)["answers"]) == sorted([wrong["id"], right["id"]])


def test_the_same_seed_draws_the_same_questions_in_the_same_order(browser, base_url, bank):
    """Two fresh browsers at `#seed=42&size=6` get the same questions in the same order;
    another seed (the negative control) gets another draw."""
    orders = []
    for hash_ in ("#seed=42&size=6", "#seed=42&size=6", "#seed=43&size=6"):
        context = browser.new_context()
        orders.append(exam_order(context.new_page(), base_url, bank, hash_))
        context.close()
    assert orders[0] == orders[1]
    assert orders[2] != orders[0]
    assert len(set(orders[0])) == 6


def test_without_a_seed_the_page_writes_a_random_one_into_the_address(page, base_url):
    """The exam page without `#seed=` draws a random seed and puts it in the address, so
    that the address reproduces the draw."""
    page.goto(base_url + "practice/exam/")
    page.get_by_role("button", name="Start the exam").wait_for()
    seed = page.evaluate("location.hash")
    assert seed.startswith("#seed=")
    assert seed[6:].isdigit()
    assert f"Seed {seed[6:]}." in page.locator(".exam-app").inner_text()
    assert page.locator(".exam-app").inner_text().count("65 questions, 130 minutes") == 1


def test_pause_stops_the_clock_and_hides_the_questions(page, base_url):
    """The countdown runs from the exam's minutes (mm:ss); Pause stops it and hides the
    question and the navigator; Resume goes on; warnings are said at 10 and 1 minutes; when
    the time runs out the exam finishes by itself."""
    page.clock.install(time=1_800_000_000_000)
    page.goto(base_url + "practice/exam/#seed=42&size=6")
    page.clock.pause_at(1_800_000_100_000)  # from here on, time moves only when told
    start_exam(page, base_url, "#seed=42&size=6")
    clock = page.locator(".exam-clock")
    assert clock.inner_text() == "12:00"
    assert clock.get_attribute("aria-live") == "off"
    page.clock.run_for(5_000)
    assert clock.inner_text() == "11:55"
    page.get_by_role("button", name="Pause").click()
    assert page.locator(".exam-body").is_hidden()
    assert page.locator(".exam-paused").is_visible()
    page.clock.run_for(60_000)
    assert clock.inner_text() == "11:55"
    page.get_by_role("button", name="Resume").click()
    assert page.locator(".exam-body").is_visible()
    assert focused(page, ".exam-qhead")
    page.clock.run_for(5_000)
    assert clock.inner_text() == "11:50"

    status = page.locator(".exam-status")
    page.clock.run_for(110_000 + 500)  # 10:00 left
    page.clock.run_for(200)
    assert status.inner_text() == "10 minutes left."
    page.clock.run_for(9 * 60_000)
    page.clock.run_for(200)
    assert status.inner_text() == "1 minute left."
    page.clock.run_for(61_000)
    page.clock.run_for(200)
    assert page.locator(".exam-score").is_visible()
    assert "Time ran out" in page.locator(".exam-app").inner_text()
    assert status.inner_text().startswith("Time is up.")


def test_a_reload_resumes_the_exam_and_start_a_new_exam_clears_it(page, base_url):
    """The running exam lives in localStorage (`saa-exam:v1`): a reload comes back to the
    same question with its answers and flags; the navigator's buttons say answered,
    flagged and current to screen readers; "Start a new exam" clears it."""
    bank = fetch_bank(page, base_url)
    start_exam(page, base_url, "#seed=5&size=4")
    q = current(page, bank)
    answer_current(page, q, q["right"])
    page.locator(".exam-navbtn").nth(2).click()
    page.get_by_role("button", name="Flag for review").click()
    assert (
        page.get_by_role("button", name="Flag for review").get_attribute("aria-pressed") == "true"
    )
    page.reload()
    page.locator(".exam-qhead").wait_for()
    assert page.locator(".exam-qhead").inner_text().startswith("Question 3 of 4")
    assert "Flagged for review" in page.locator(".exam-qhead").text_content()
    nav = page.get_by_role("navigation", name="Questions of the exam")
    assert nav.get_by_role("button", name="Question 1, answered", exact=True).count() == 1
    third = nav.get_by_role("button", name="Question 3, not answered, flagged", exact=True)
    assert third.get_attribute("aria-current") == "step"
    page.get_by_role("button", name="Previous").click()
    page.get_by_role("button", name="Previous").click()
    assert page.locator(".exam-q .q-choices input:checked").count() == len(q["right"])

    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Finish the exam").click()
    page.reload()
    assert page.locator(".exam-score").inner_text() == "Score: 25% (1/4 right)"
    page.get_by_role("button", name="Start a new exam").first.click()
    assert storage(page, EXAM) is None
    assert focused(page, ".exam-h")
    assert page.evaluate("location.hash") != "#seed=5&size=4"
    assert page.evaluate("location.hash").endswith("&size=4")
    assert page.get_by_role("button", name="Start the exam").is_visible()


def test_an_address_with_another_seed_offers_the_unfinished_exam(page, base_url):
    """With an exam under way, an address with another seed shows that seed's start screen
    and offers to resume the unfinished exam; starting the new one asks first."""
    bank = fetch_bank(page, base_url)
    start_exam(page, base_url, "#seed=5&size=4")
    first = current(page, bank)
    answer_current(page, first, first["right"])
    page.goto(base_url + "practice/exam/#seed=6&size=4")  # same document: a hash change
    note = page.locator(".exam-note")
    note.wait_for()
    assert "1 of 4 questions answered" in note.inner_text()
    assert "Seed 6." in page.locator(".exam-app").inner_text()
    note.get_by_role("button", name="Resume that exam").click()
    assert page.evaluate("location.hash") == "#seed=5&size=4"
    assert current(page, bank)["id"] == first["id"]
    assert focused(page, ".exam-qhead")

    page.goto(base_url + "practice/exam/#seed=6&size=4")
    asked: list[str] = []
    page.once("dialog", lambda d: (asked.append(d.message), d.accept()))
    page.get_by_role("button", name="Start a new exam").click()
    assert len(asked) == 1
    assert "unfinished exam" in asked[0]
    assert storage(page, EXAM)["seed"] == 6
    assert page.locator(".exam-navbtn.is-answered").count() == 0


def test_the_exam_by_keyboard(page, base_url):
    """Start, answer with number keys, move on with Enter and finish without a mouse;
    Material's page shortcuts (n, p) do not leave the exam while it has the focus."""
    bank = fetch_bank(page, base_url)
    page.goto(base_url + "practice/exam/#seed=9&size=2")
    tab_to(page, ".exam-start")
    page.keyboard.press("Enter")
    assert focused(page, ".exam-qhead")
    url = page.url
    for _ in range(2):
        q = current(page, bank)
        page.keyboard.press("Tab")  # into the options
        for r in q["right"]:
            page.keyboard.press(str(r + 1))
        page.keyboard.press("n")
        page.keyboard.press("p")
        assert page.url == url
        assert focused(page, ".exam-q")
        page.keyboard.press("Enter")  # next question; on the last, the Finish button
    assert page.evaluate("document.activeElement.textContent") == "Finish the exam"
    page.keyboard.press("Enter")
    assert focused(page, ".exam-h")
    assert page.locator(".exam-score").inner_text() == "Score: 100% (2/2 right)"


def test_instant_navigation_starts_the_script_on_each_page(page, instant_url):
    """With Material's instant navigation the script runs once and starts again on each
    page it swaps in: the exam, then a task page, reached by clicking links; the exam's
    clock goes with the page it was on."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(instant_url + "practice/")
    page.evaluate("window.__notReloaded = true")
    page.locator("article").get_by_role("link", name="Exam simulation").first.click()
    page.get_by_role("button", name="Start the exam").wait_for()
    assert page.evaluate("location.hash").startswith("#seed=")
    page.get_by_role("button", name="Start the exam").click()
    page.locator(".exam-clock").wait_for()
    page.locator(".md-nav a[href$='task-1-2/']").first.click()
    page.locator(".practice li.q .q-check").first.wait_for()
    assert page.evaluate("window.__notReloaded") is True, "Material reloaded the page"
    assert page.locator(".exam-clock").count() == 0
    assert page.evaluate("window.__saaPractice") is True
    assert errors == []


def test_pages_without_practice_are_left_alone(page, base_url):
    """On a page without the containers the script adds nothing and throws nothing."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base_url + "storage/s3/")
    page.wait_for_load_state("load")
    assert page.locator(".p-btn, .exam-app").count() == 0
    assert errors == []


# ---------------------------------------------------------------- accessibility, phone


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_practice_and_exam_are_accessible(browser, base_url, scheme):
    """axe-core finds no serious or critical violation on a task page with a right and a
    wrong answer marked, on the weak-spots table, on the exam page with an exam in
    progress (an answer, a flag) and paused, and on the results."""
    with page_in_scheme(browser, scheme) as page:
        bank = fetch_bank(page, base_url)
        page.goto(base_url + "practice/task-1-1/")
        assert shows_scheme(page, scheme)
        items = page.locator(".practice li.q")
        for i, right in ((0, True), (2, False)):
            q = next(
                x for x in bank["questions"] if x["id"] == items.nth(i).get_attribute("data-id")
            )
            check(page, items.nth(i), q["right"] if right else wrong_choice(q))
        found = {"task page": axe(page, base_url)}
        page.goto(base_url + "practice/")
        page.locator("td.p-accuracy", has_text="%").first.wait_for()
        found["practice index"] = axe(page, base_url)
        start_exam(page, base_url, "#seed=42&size=6")
        q = current(page, bank)
        answer_current(page, q, q["right"])
        page.get_by_role("button", name="Next").click()
        page.get_by_role("button", name="Flag for review").click()
        found["exam in progress"] = axe(page, base_url)
        page.get_by_role("button", name="Pause").click()
        found["exam paused"] = axe(page, base_url)
        page.get_by_role("button", name="Resume").click()
        page.once("dialog", lambda d: d.accept())
        page.get_by_role("button", name="Finish the exam").click()
        found["exam results"] = axe(page, base_url)
    problems = [f"{where}: {v}" for where, vs in found.items() for v in vs]
    assert problems == [], "\n".join(problems)


def test_a_phone_has_no_horizontal_scroll(browser, base_url):
    """At 375 px nothing of the practice pages reaches past the screen's edge: a task page
    with answers marked, the weak-spots table, the running exam and its results."""
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    try:
        page.goto(base_url + "practice/task-1-1/")
        items = page.locator(".practice li.q")
        for i in range(3):
            check(page, items.nth(i), [0, 1][: int(items.nth(i).get_attribute("data-choose"))])
        found = {"task page": overflow(page)}
        page.goto(base_url + "practice/")
        page.locator("td.p-accuracy", has_text="%").first.wait_for()
        found["practice index"] = overflow(page)
        start_exam(page, base_url, "#seed=42&size=65")
        page.get_by_role("button", name="Flag for review").click()
        found["exam"] = overflow(page)
        page.once("dialog", lambda d: d.accept())
        page.get_by_role("button", name="Finish the exam").click()
        found["results"] = overflow(page)
    finally:
        context.close()
    assert {k: v for k, v in found.items() if v} == {}


def test_the_draw_matches_exam_draw_for_the_full_exam(page, base_url, bank):
    """The full 65-question exam takes from each domain what exam_draw says, within the
    exam's 130 minutes."""
    start_exam(page, base_url, "#seed=123")
    assert page.locator(".exam-navbtn").count() == bank["meta"]["exam"]["size"]
    assert page.locator(".exam-clock").inner_text() == f"{bank['meta']['exam']['minutes']}:00"
    ids = storage(page, EXAM)["ids"]
    domain = {q["id"]: q["domain"] for q in bank["questions"]}
    drawn = Counter(domain[i] for i in ids)
    expected = exam_draw(Counter(q["domain"] for q in bank["questions"]))
    assert drawn == Counter({d: k for d, k in expected.items() if k})
    assert len(set(ids)) == len(ids)
