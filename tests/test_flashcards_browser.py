"""The flashcards script (docs/assets/javascripts/flashcards.js) in a real browser.

Drives Debian's Chromium with Playwright over the built site, with the fixtures of
conftest.py. Protects: a review with the keyboard alone on an area page (Space shows
the answer, 1 to 4 grade it), its focus and live region; the SM-2 schedule written to
localStorage, for new cards and for cards reviewed before; the states shown on the cards
and the due counts of the index after a reload; a missing or corrupt stored value;
export, reset and import of the progress, and a bad file refused; Material's instant
navigation; accessibility (axe-core, WCAG 2.1 A/AA) during a review in both colour
schemes; a phone's 375 px; and that no request leaves this host.
"""

from __future__ import annotations

import json
from urllib.parse import urlparse

import browsing
import pytest
from browsing import axe, focused, needs_chromium, page_in_scheme, shows_scheme, tab_to

pytestmark = needs_chromium

KEY = "saa-flashcards:v1"
AREA = "fundamentals"  # more cards than a review takes new, and a light page to load
AREA_PAGE = f"flashcards/{AREA}/"
INDEX = "flashcards/"
LOCAL = ("127.0.0.1", "localhost", "saa.test")
NEW_PER_REVIEW = 20


# ---------------------------------------------------------------- helpers


@pytest.fixture
def watched(page):
    """The page, with every request that leaves this host and every script error recorded:
    both lists must be empty at the end of the test."""
    foreign: list[str] = []
    errors: list[str] = []

    def on_request(request) -> None:
        url = urlparse(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname not in LOCAL:
            foreign.append(request.url)

    page.context.on("request", on_request)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    assert foreign == [], "requests to another host"
    assert errors == [], "script errors"


def stored(page):
    return page.evaluate(f"JSON.parse(localStorage.getItem({json.dumps(KEY)}))")


def store(page, value) -> None:
    """Write `value` (a string as it is, anything else as JSON) and reload the page."""
    raw = value if isinstance(value, str) else json.dumps(value)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, raw])
    page.reload()


def today(page) -> int:
    """Days since the epoch in the browser's local time, worked out here independently."""
    return page.evaluate(
        "(() => { const d = new Date();"
        " return Math.floor(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / 864e5); })()"
    )


def cards_of(page) -> list[dict]:
    """The cards of the page's list: id, front, answer and the state the script shows."""
    return page.eval_on_selector_all(
        ".flashcards li.fc",
        """els => els.map(li => ({
            id: li.dataset.id,
            front: li.querySelector('.fc-front').textContent.trim(),
            answer: li.querySelector('.fc-answer').textContent.trim(),
            state: (li.querySelector('.fc-state') || {}).textContent}))""",
    )


def due_line(due: int, new: int) -> str:
    """What the script says above the list of an area with `due` cards due, `new` of them new."""
    line = f"Due now: {due} card{'s' * (due != 1)}" + (f", {new} of them new" if new else "")
    return line + ("; a review takes 20 new cards at a time." if new > NEW_PER_REVIEW else ".")


def focus_ring(page) -> str:
    return page.evaluate("getComputedStyle(document.activeElement).outlineStyle")


def status_is(page, text: str) -> None:
    page.wait_for_function(
        "t => document.querySelector('.flashcards .fc-status').textContent === t", arg=text
    )


def status_starts(page, text: str) -> str:
    page.wait_for_function(
        "t => document.querySelector('.flashcards .fc-status').textContent.startsWith(t)",
        arg=text,
    )
    return page.locator(".flashcards .fc-status").text_content()


def due_counts(page) -> dict[str, tuple[int, int]]:
    """The index's table: area -> (cards, due now), once the script has filled it."""
    page.wait_for_function(
        "[...document.querySelectorAll('.fc-areas td.fc-due')].every(td => /^\\d+$/.test("
        "td.textContent))"
    )
    rows = page.eval_on_selector_all(
        ".fc-areas tr[data-area]",
        "rows => rows.map(r => [r.dataset.area, r.querySelectorAll('td')[0].textContent,"
        " r.querySelector('td.fc-due').textContent])",
    )
    return {area: (int(n), int(due)) for area, n, due in rows}


def overflow(page) -> list[str]:
    return browsing.overflow(page, ".flashcards *, .fc-areas, .md-content")


def review(page, keys: str) -> None:
    """Start a review with the mouse, then Space and a grade key per card."""
    page.get_by_role("button", name="Start review").click()
    for key in keys:
        page.locator(".fc-face:focus").wait_for()
        page.keyboard.press("Space")
        page.keyboard.press(key)


# ---------------------------------------------------------------- a review


def test_a_keyboard_review_writes_the_sm2_schedule_and_the_index_counts_it(watched, base_url):
    """Three new cards with the keyboard alone: Space, then 1 (Again) for the first and 3
    (Good) for the next two. The focus goes to the card's front, then to Good; the live
    region counts; localStorage has the SM-2 schedule; after a reload the cards show their
    state and the index's due count of the area is three fewer."""
    page = watched
    page.goto(base_url + AREA_PAGE)
    cards = cards_of(page)
    n = len(cards)
    assert n >= 4
    assert [c["state"] for c in cards] == ["new"] * n
    assert page.locator(".fc-dueline").text_content() == due_line(n, n)
    m = min(n, NEW_PER_REVIEW)  # cards in the review: all new, 20 at most

    tab_to(page, "button.fc-start")
    assert page.locator(":focus").text_content() == "Start review"
    page.keyboard.press("Enter")
    assert page.locator(".fc-list").is_hidden()
    assert page.locator(".fc-bar").is_hidden()
    status_is(page, f"0 of {m} reviewed, {m} left")
    assert page.locator(".fc-status").get_attribute("aria-live") == "polite"
    show = page.get_by_role("button", name="Show answer")
    assert show.get_attribute("aria-keyshortcuts") == "Space"

    for i, key in enumerate("133"):
        assert focused(page, ".fc-review .fc-face"), f"card {i + 1}: focus on its front"
        assert focus_ring(page) != "none"
        meta = page.locator(".fc-meta").text_content()
        assert meta == f"Card {i + 1} of {m} · new card"
        assert page.locator(".fc-q").text_content() == cards[i]["front"]
        assert page.locator(".fc-grades").is_hidden()
        assert page.locator(".fc-reveal").text_content() == ""

        page.keyboard.press("Space")
        reveal = page.locator(".fc-reveal")
        assert reveal.get_attribute("aria-live") == "polite"
        assert reveal.locator(".fc-answer").text_content() == cards[i]["answer"]
        assert show.is_hidden()
        grades = page.locator(".fc-grades button")
        assert grades.all_text_contents() == [
            "Againin 1 day1",
            "Hardin 1 day2",
            "Goodin 1 day3",
            "Easyin 4 days4",
        ]
        assert [grades.nth(g).get_attribute("aria-keyshortcuts") for g in range(4)] == list("1234")
        assert focused(page, "button.fc-grade--good"), "focus on Good once the grades appear"
        assert focus_ring(page) != "none"
        # Space's key-up did not click the Good button that took the focus.
        assert page.locator(".fc-meta").text_content() == meta

        page.keyboard.press(key)
        status_is(page, f"{i + 1} of {m} reviewed, {m - i - 1} left")

    assert page.locator(".fc-meta").text_content() == f"Card 4 of {m} · new card"
    day = today(page)
    state = stored(page)
    assert state["v"] == 1
    assert set(state["cards"]) == {c["id"] for c in cards[:3]}
    again, *goods = (state["cards"][c["id"]] for c in cards[:3])
    assert again["due"] in (day, day + 1)  # tomorrow (or today, where relearnt the same day)
    assert again["ivl"] == 1
    assert again["ease"] == pytest.approx(2.3)
    assert (again["reps"], again["lapses"]) == (0, 0)
    for good in goods:
        assert good == {"due": day + 1, "ivl": 1, "ease": 2.5, "reps": 1, "lapses": 0}

    page.reload()
    states = [c["state"] for c in cards_of(page)]
    assert states[0] in ("due tomorrow", "due today")
    assert states[1:3] == ["due tomorrow", "due tomorrow"]
    assert states[3:] == ["new"] * (n - 3)
    assert page.locator(".fc-dueline").text_content() == due_line(n - 3, n - 3)

    page.goto(base_url + INDEX)
    counts = due_counts(page)
    assert counts[AREA] == (n, n - 3)
    assert all(due == total for area, (total, due) in counts.items() if area != AREA)
    index_states = {c["id"]: c["state"] for c in cards_of(page)}
    assert index_states[cards[1]["id"]] == "due tomorrow"


def test_reviewed_cards_follow_sm2(watched, base_url):
    """Cards reviewed before, due today or overdue, come first (the most overdue first)
    and are graded as SM-2 does: Good multiplies by the ease, Hard by 1.2, Easy by the ease
    and 1.3 (each at least a day more than the grade below), Again starts over with a
    lapse; the ease moves by -0.15, +0.15, -0.2 and never below 1.3. A card due later is
    left out of the review and says when it is due."""
    page = watched
    page.goto(base_url + AREA_PAGE)
    ids = [c["id"] for c in cards_of(page)]
    day = today(page)
    seeded = {
        ids[0]: {"due": day, "ivl": 1, "ease": 2.5, "reps": 1, "lapses": 0},  # Hard
        ids[1]: {"due": day - 2, "ivl": 6, "ease": 2.5, "reps": 2, "lapses": 0},  # Good
        ids[2]: {"due": day - 1, "ivl": 10, "ease": 2.0, "reps": 4, "lapses": 1},  # Again
        ids[3]: {"due": day, "ivl": 6, "ease": 1.3, "reps": 2, "lapses": 0},  # Easy
        ids[4]: {"due": day + 12, "ivl": 15, "ease": 2.5, "reps": 3, "lapses": 0},
    }
    store(page, {"v": 1, "cards": seeded})
    states = [c["state"] for c in cards_of(page)]
    assert states[:5] == ["due today"] * 4 + ["due in 12 days"]
    new = len(ids) - 5
    assert page.locator(".fc-dueline").text_content() == due_line(4 + new, new)
    size = 4 + min(new, NEW_PER_REVIEW)

    page.get_by_role("button", name="Start review").click()
    order = [ids[1], ids[2], ids[0], ids[3]]  # by due day, then in the page's order
    grades = {ids[0]: "2", ids[1]: "3", ids[2]: "1", ids[3]: "4"}
    fronts = {c["id"]: c["front"] for c in cards_of(page)}
    for i, card in enumerate(order):
        assert page.locator(".fc-meta").text_content() == f"Card {i + 1} of {size} · review"
        assert page.locator(".fc-q").text_content() == fronts[card]
        page.keyboard.press("Space")
        if card == ids[1]:  # ivl 6, ease 2.5
            labels = page.locator(".fc-gin").all_text_contents()
            assert labels == ["in 1 day", "in 7 days", "in 15 days", "in 20 days"]
        page.keyboard.press(grades[card])
    cards = stored(page)["cards"]
    assert cards[ids[0]] == {"due": day + 2, "ivl": 2, "ease": 2.35, "reps": 2, "lapses": 0}
    assert cards[ids[1]] == {"due": day + 15, "ivl": 15, "ease": 2.5, "reps": 3, "lapses": 0}
    assert cards[ids[2]] == {"due": day + 1, "ivl": 1, "ease": 1.8, "reps": 0, "lapses": 2}
    assert cards[ids[3]] == {"due": day + 10, "ivl": 10, "ease": 1.45, "reps": 3, "lapses": 0}
    assert cards[ids[4]] == seeded[ids[4]]


def test_ending_and_finishing_a_review_show_the_list_and_a_summary(watched, base_url):
    """End review stops a review half done; a review of every due card finishes. Both show
    the list again, with a summary that takes the focus; with nothing left due, Start
    review is disabled and the line above the list says when the next card is due."""
    page = watched
    page.goto(base_url + AREA_PAGE)
    ids = [c["id"] for c in cards_of(page)]
    day = today(page)
    later = {"due": day + 5, "ivl": 5, "ease": 2.5, "reps": 2, "lapses": 0}
    store(page, {"v": 1, "cards": dict.fromkeys(ids[3:], later)})  # three cards left to learn
    assert page.locator(".fc-dueline").text_content() == due_line(3, 3)

    review(page, "3")
    page.get_by_role("button", name="End review").click()
    assert page.locator(".fc-review").count() == 0
    assert page.locator(".fc-list").is_visible()
    assert focused(page, ".fc-summary")
    assert page.locator(".fc-sumhead").text_content() == "Review ended: 1 card reviewed."

    review(page, "41")
    status_is(page, "2 of 2 reviewed, 0 left")
    assert page.locator(".fc-review").count() == 0
    assert page.locator(".fc-list").is_visible()
    assert focused(page, ".fc-summary")
    assert page.locator(".fc-sumhead").text_content() == "Review finished: 2 cards reviewed."
    assert page.locator(".fc-summary p").nth(1).text_content() == (
        "Again 1 · Hard 0 · Good 0 · Easy 1"
    )
    assert page.get_by_role("button", name="Start review").is_disabled()
    assert page.locator(".fc-dueline").text_content() == (
        "Nothing is due here now; the next card is due tomorrow."
    )
    assert [c["state"] for c in cards_of(page)][:4] == [
        "due tomorrow",
        "due in 4 days",
        "due tomorrow",
        "due in 5 days",
    ]


def test_a_missing_or_corrupt_store_is_tolerated(watched, base_url):
    page = watched
    page.goto(base_url + AREA_PAGE)
    ids = [c["id"] for c in cards_of(page)]
    for bad in ("{not json", "null", "[1, 2]", json.dumps({"v": 7, "cards": {ids[0]: {}}})):
        store(page, bad)
        assert {c["state"] for c in cards_of(page)} == {"new"}, bad
    day = today(page)
    good = {"due": day + 3, "ivl": 3, "ease": 2.5, "reps": 2, "lapses": 0}
    store(page, {"v": 1, "cards": {ids[0]: good, ids[1]: {"due": "soon"}, ids[2]: 4}})
    assert [c["state"] for c in cards_of(page)][:3] == ["due in 3 days", "new", "new"]

    store(page, "{not json")
    review(page, "3")
    first = {"due": day + 1, "ivl": 1, "ease": 2.5, "reps": 1, "lapses": 0}
    assert stored(page) == {"v": 1, "cards": {ids[0]: first}}


# ---------------------------------------------------------------- progress files


def test_export_then_reset_then_import_restores_the_schedule(watched, base_url, tmp_path):
    page = watched
    page.goto(base_url + AREA_PAGE)
    review(page, "34")
    page.get_by_role("button", name="End review").click()
    saved = stored(page)
    assert len(saved["cards"]) == 2
    shown = [c["state"] for c in cards_of(page)]

    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    name = download.value.suggested_filename
    assert name.startswith("saa-flashcards-progress-")
    assert name.endswith(".json")
    exported = tmp_path / name
    download.value.save_as(exported)
    assert json.loads(exported.read_text(encoding="utf-8")) == saved
    assert status_starts(page, "Exported your progress on 2 cards")

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Reset progress").click()
    assert stored(page) == saved, "a dismissed confirm keeps the progress"
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset progress").click()
    status_is(page, "Progress reset: every card is new again.")
    assert stored(page) is None
    assert {c["state"] for c in cards_of(page)} == {"new"}

    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import progress").click()
    chooser.value.set_files(str(exported))
    assert status_starts(page, f"Imported progress on 2 cards from {name}")
    assert stored(page) == saved
    assert [c["state"] for c in cards_of(page)] == shown
    page.reload()
    assert [c["state"] for c in cards_of(page)] == shown


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ("this is not json", "bad.json is not a JSON file"),
        ("[]", 'in bad.json, it is not an object like {"v":1,"cards":{…}}'),
        ('{"v": 2, "cards": {}}', 'in bad.json, its version "v" is 2, not 1'),
        ('{"v": 1}', 'in bad.json, it has no "cards" object'),
        (
            '{"v": 1, "cards": {"x/y": {"due": 1, "ivl": 1, "ease": 0.5, "reps": 0, "lapses": 0}}}',
            'in bad.json, card "x/y" has no valid "ease" (a number from 1.3 to 10)',
        ),
    ],
)
def test_a_bad_progress_file_is_refused_and_said_why(watched, base_url, tmp_path, content, why):
    page = watched
    page.goto(base_url + AREA_PAGE)
    review(page, "3")
    page.get_by_role("button", name="End review").click()
    before = stored(page)
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import progress").click()
    chooser.value.set_files(str(bad))
    status_is(page, f"Import failed: {why}. Your progress is unchanged.")
    assert stored(page) == before


# ---------------------------------------------------------------- the site around it


def test_instant_navigation_sets_up_each_page_once(watched, instant_url):
    """Material swaps pages without a reload: the script sets up the area page it lands
    on, and the index again on the way back, once each; a review left half done on the
    way is gone, and its keys do nothing on the next page."""
    page, site = watched, instant_url
    page.goto(site + INDEX)
    due_counts(page)
    page.evaluate("window.__notReloaded = true")
    page.locator(f".fc-areas a[href$='/{AREA}/']").click()
    page.wait_for_url(site + AREA_PAGE)
    # the address changes before the content does, and the index has a Start button too:
    # wait until the index's table is gone and the script has set up the new list
    page.wait_for_function(
        "!document.querySelector('.fc-areas') && document.querySelector('.fc-start')"
        " && [...document.querySelectorAll('.flashcards li.fc')].every("
        "li => li.querySelector('.fc-state'))"
    )
    assert page.evaluate("window.__notReloaded") is True, "Material reloaded the page"
    assert page.locator(".fc-bar").count() == 1
    assert page.locator(".fc-state").count() == len(cards_of(page))
    review(page, "3")
    m = min(len(cards_of(page)), NEW_PER_REVIEW)
    status_is(page, f"1 of {m} reviewed, {m - 1} left")
    page.keyboard.press("Space")  # the answer of the second card is shown, then away

    page.go_back()
    page.wait_for_url(site + INDEX)
    page.locator(".fc-areas").wait_for()
    assert page.evaluate("window.__notReloaded") is True, "Material reloaded the page"
    total, due = due_counts(page)[AREA]
    assert due == total - 1
    assert page.locator(".fc-bar").count() == 1
    assert page.locator(".fc-review").count() == 0
    page.keyboard.press("3")
    assert len(stored(page)["cards"]) == 1, "a grade key after the review was left"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_review_with_the_answer_shown_is_accessible(browser, base_url, scheme):
    with page_in_scheme(browser, scheme) as page:
        page.goto(base_url + AREA_PAGE)
        assert shows_scheme(page, scheme)
        review(page, "3")
        page.keyboard.press("Space")
        page.locator(".fc-grades").wait_for()
        assert axe(page, base_url) == []
        page.keyboard.press("1")
        page.get_by_role("button", name="End review").click()
        assert axe(page, base_url) == []  # the list with its states and the summary


def test_a_phone_has_no_horizontal_scroll_and_large_grade_buttons(watched, base_url):
    page = watched
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(base_url + AREA_PAGE)
    assert overflow(page) == []
    review(page, "")
    assert overflow(page) == []
    page.keyboard.press("Space")
    assert overflow(page) == []
    for i in range(4):
        box = page.locator(".fc-grade").nth(i).bounding_box()
        assert box["width"] >= 44
        assert box["height"] >= 44
    page.keyboard.press("3")
    page.get_by_role("button", name="End review").click()
    assert overflow(page) == []
    page.goto(base_url + INDEX)
    due_counts(page)
    assert overflow(page) == []
