/* Flashcards of the SAA-C03 study guide: spaced repetition in the browser.

   Plain JavaScript, no library, no request to another host. The schedule stays in this
   browser (localStorage, key `saa-flashcards:v1`); nothing is sent anywhere. Runs on every
   page and does nothing on a page without `.flashcards`. The pages work without it: each
   card is a closed <details> with its answer inside.

   Why SM-2: it is small (a dozen lines below), deterministic (the same answers on the same
   days always give the same schedule, so it can be tested and exported), needs no trained
   weights or review history to fit (FSRS does), and it is the model the Anki deck's history
   starts from: Anki's classic scheduler is SM-2 with four buttons, so ease and interval mean
   the same thing here and there.
   Sources: P. A. Wozniak, "Optimization of learning" (1990), algorithm SM-2,
   https://super-memory.com/english/ol/sm2.htm; as Anki's classic (v1/v2) scheduler applies
   it: https://faqs.ankiweb.net/what-spaced-repetition-algorithm.html and its default deck
   options (starting ease 250%, hard interval x1.2, easy bonus x1.3),
   https://docs.ankiweb.net/deck-options.html.
   Rules: ease starts at 2.5, never below 1.3. Again: interval 1 day, ease -0.2, the run of
   successful reviews starts over. Hard: interval x1.2, ease -0.15. Good: interval x ease.
   Easy: interval x ease x 1.3, ease +0.15. The first two successful reviews give 1 day and
   6 days (SM-2's I(1) and I(2); Easy on a new card gives 4 days, Anki's default). Each
   better grade gives at least a day more than the one below it, as in Anki. Unlike Anki:
   no learning steps within a day, no bonus for a late review, no random fuzz. Days are
   counted since 1970-01-01 in the learner's local time. */
(() => {
  "use strict";
  if (window.__saaFlashcards) return; // loaded once; Material's instant loading keeps it
  window.__saaFlashcards = true;

  const KEY = "saa-flashcards:v1";
  const NEW_PER_SESSION = 20;
  const MAX_IVL = 36500;
  const GRADES = ["Again", "Hard", "Good", "Easy"];
  const FIELDS = ["due", "ivl", "ease", "reps", "lapses"];
  let session = null; // the review in progress, on the current page
  let memory = null; // the state when localStorage cannot be used (private mode, quota)

  // ------------------------------------------------------------------ helpers

  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

  /** An element: attributes (`on...` = listener, true = empty attribute, false/null = none)
      and children (strings become text, never HTML). */
  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === false || value == null) continue;
      if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? "" : String(value));
    }
    el.append(...kids.flat().filter((k) => k != null && k !== false));
    return el;
  }
  const button = (text, onclick, cls = "", attrs = {}) =>
    h("button", { type: "button", class: `fc-btn ${cls}`.trim(), onclick, ...attrs }, text);
  const plural = (n, one, many = one + "s") => `${n} ${n === 1 ? one : many}`;

  /** Say something in a live region (emptied first, so that a repeat is heard again). */
  function say(region, text) {
    region.textContent = "";
    clearTimeout(region.fcTimer);
    region.fcTimer = setTimeout(() => (region.textContent = text), 50);
  }

  /** Days since 1970-01-01 in the learner's local time. */
  function today(now = new Date()) {
    return Math.floor(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / 864e5);
  }

  /** 1 -> "1 day", 45 -> "45 days", 400 -> "1.1 years". */
  function span(days) {
    if (days < 60) return plural(days, "day");
    if (days < 730) return `${Math.round(days / 30.4)} months`;
    return `${(days / 365).toFixed(1)} years`;
  }

  // ------------------------------------------------------------------ SM-2

  /** The card's state after grade `g` (0 Again, 1 Hard, 2 Good, 3 Easy) on day `day`. */
  function schedule(prev, g, day) {
    const c = prev ? { ...prev } : { due: day, ivl: 0, ease: 2.5, reps: 0, lapses: 0 };
    const ease = c.ease;
    let ivl = 1;
    if (g === 0) {
      if (c.reps > 0) c.lapses += 1;
      c.reps = 0;
      c.ease = ease - 0.2;
    } else {
      const first = c.reps === 0;
      const hard = first ? 1 : Math.max(c.ivl + 1, Math.round(c.ivl * 1.2));
      const base = c.reps === 1 ? 6 : c.ivl * ease;
      const good = first ? 1 : Math.max(hard + 1, Math.round(base));
      const easy = first ? 4 : Math.max(good + 1, Math.round(base * 1.3));
      ivl = [0, hard, good, easy][g];
      c.reps += 1;
      c.ease = ease + [0, -0.15, 0, 0.15][g];
    }
    c.ease = Math.round(Math.max(1.3, c.ease) * 100) / 100;
    c.ivl = Math.min(ivl, MAX_IVL);
    c.due = day + c.ivl;
    return c;
  }

  // ------------------------------------------------------------------ storage

  /** Why `c` is not a card's schedule, or "" when it is one. */
  function cardProblem(c) {
    if (!c || typeof c !== "object" || Array.isArray(c)) return "is not an object";
    for (const f of FIELDS) {
      const v = c[f];
      if (f === "ease" ? !(typeof v === "number" && v >= 1.3 && v <= 10) : !(Number.isInteger(v) && v >= 0))
        return `has no valid "${f}" (${f === "ease" ? "a number from 1.3 to 10" : "a whole number, 0 or more"})`;
    }
    return "";
  }

  /** Why `data` is not a progress file, or "" when it is one. */
  function problem(data) {
    if (!data || typeof data !== "object" || Array.isArray(data))
      return 'it is not an object like {"v":1,"cards":{…}}';
    if (data.v !== 1) return `its version "v" is ${JSON.stringify(data.v)}, not 1`;
    const cards = data.cards;
    if (!cards || typeof cards !== "object" || Array.isArray(cards)) return 'it has no "cards" object';
    for (const [id, c] of Object.entries(cards)) {
      const why = cardProblem(c);
      if (why) return `card "${id.slice(0, 80)}" ${why}`;
    }
    return "";
  }

  const pick = (c) => Object.fromEntries(FIELDS.map((f) => [f, c[f]]));

  /** The stored state; a missing or corrupt value is an empty one, a bad card is left out. */
  function load() {
    let data = null;
    try {
      const raw = localStorage.getItem(KEY);
      data = raw ? JSON.parse(raw) : null;
    } catch (e) {
      data = memory;
    }
    const cards = {};
    if (data && typeof data === "object" && data.v === 1 && data.cards && typeof data.cards === "object")
      for (const [id, c] of Object.entries(data.cards)) if (!cardProblem(c)) cards[id] = pick(c);
    return { v: 1, cards };
  }

  /** Store the state; false when this browser would not keep it. */
  function save(state) {
    memory = state;
    try {
      localStorage.setItem(KEY, JSON.stringify(state));
      return true;
    } catch (e) {
      return false;
    }
  }

  const isDue = (c, day) => !c || c.due <= day;

  function stateText(c, day) {
    if (!c) return "new";
    const d = c.due - day;
    return d <= 0 ? "due today" : d === 1 ? "due tomorrow" : `due in ${d} days`;
  }

  // ------------------------------------------------------------------ a page of cards

  function setup(box) {
    if (box.fcReady) return;
    box.fcReady = true;
    const list = $(".fc-list", box);
    if (!list) return;
    list.setAttribute("role", "list"); // a list without bullets is still a list to VoiceOver
    const items = $$("li.fc", list).map((li) => {
      const state = h("span", { class: "fc-state" });
      li.append(state);
      return {
        li,
        state,
        id: li.dataset.id,
        front: ($(".fc-front", li) || li).textContent.trim(),
        back: $(".fc-back", li),
      };
    });
    let status = $(".fc-status", box);
    if (!status) {
      status = h("p", { class: "fc-status", role: "status", "aria-live": "polite" });
      box.prepend(status);
    }
    const ctx = { box, list, items, status };

    const file = h("input", {
      type: "file",
      accept: ".json,application/json",
      hidden: true,
      tabindex: "-1",
      "aria-hidden": "true",
      onchange: () => importFile(ctx, file),
    });
    ctx.start = button("Start review", () => start(ctx), "fc-btn--primary fc-start");
    ctx.dueLine = h("p", { class: "fc-dueline" });
    ctx.summary = h("div", { class: "fc-summary", tabindex: "-1", hidden: true });
    ctx.bar = h(
      "div",
      { class: "fc-bar" },
      h("div", { class: "fc-startrow" }, ctx.start, ctx.dueLine),
      h(
        "div",
        { class: "fc-tools", role: "group", "aria-label": "Your progress in this browser" },
        button("Export progress", () => exportProgress(ctx), "fc-export"),
        button("Import progress", () => file.click(), "fc-import"),
        button("Reset progress", () => reset(ctx), "fc-reset"),
        file,
      ),
    );
    box.prepend(ctx.bar);
    status.after(ctx.summary);
    box.fcCtx = ctx;
    refresh(ctx);
  }

  /** Show each card's state, the due line and, on the index, the due count of each area. */
  function refresh(ctx) {
    const cards = load().cards;
    const day = today();
    let due = 0;
    let fresh = 0;
    let soonest = Infinity;
    for (const it of ctx.items) {
      const c = cards[it.id];
      it.state.textContent = stateText(c, day);
      it.li.dataset.state = !c ? "new" : c.due <= day ? "due" : "later";
      if (!c) fresh++;
      else if (c.due <= day) due++;
      else soonest = Math.min(soonest, c.due);
    }
    const n = due + fresh; // as the index counts them; a review takes NEW_PER_SESSION new
    ctx.start.disabled = n === 0;
    ctx.dueLine.textContent = n
      ? `Due now: ${plural(n, "card")}` +
        (fresh ? `, ${fresh} of them new` : "") +
        (fresh > NEW_PER_SESSION ? `; a review takes ${NEW_PER_SESSION} new cards at a time` : "") +
        "."
      : soonest < Infinity
        ? `Nothing is due here now; the next card is ${stateText({ due: soonest }, day)}.`
        : "Nothing is due here now.";
    areaCounts(cards, day);
  }

  function areaCounts(cards, day) {
    const rows = $$(".fc-areas tr[data-area]");
    if (!rows.length) return;
    const counts = {};
    for (const li of $$(".flashcards li.fc[data-area]")) {
      const a = li.dataset.area;
      counts[a] = (counts[a] || 0) + (isDue(cards[li.dataset.id], day) ? 1 : 0);
    }
    for (const row of rows) {
      const cell = $("td.fc-due", row);
      if (cell && row.dataset.area in counts) cell.textContent = String(counts[row.dataset.area]);
    }
  }

  function refreshAll() {
    for (const box of $$(".flashcards")) if (box.fcCtx && !session) refresh(box.fcCtx);
  }

  // ------------------------------------------------------------------ a review

  function start(ctx) {
    const cards = load().cards;
    const day = today();
    const old = ctx.items.filter((it) => cards[it.id] && cards[it.id].due <= day);
    old.sort((a, b) => cards[a.id].due - cards[b.id].due); // stable: page order within a day
    const fresh = ctx.items.filter((it) => !cards[it.id]).slice(0, NEW_PER_SESSION);
    const queue = old.concat(fresh);
    if (!queue.length) return refresh(ctx);

    const meta = h("p", { class: "fc-meta" });
    const question = h("p", { class: "fc-q" });
    const face = h("div", { class: "fc-face", tabindex: "-1" }, meta, question);
    const reveal = h("div", { class: "fc-reveal", "aria-live": "polite" });
    const show = button("Show answer", () => showAnswer(), "fc-btn--primary fc-show", {
      "aria-keyshortcuts": "Space",
    });
    show.append(h("kbd", { "aria-hidden": "true" }, "Space"));
    const grades = GRADES.map((name, g) =>
      h(
        "button",
        {
          type: "button",
          class: `fc-grade fc-grade--${name.toLowerCase()}`,
          "aria-keyshortcuts": String(g + 1),
          onclick: () => grade(g),
        },
        h("span", { class: "fc-gname" }, name),
        h("span", { class: "fc-gin" }),
        h("kbd", { "aria-hidden": "true" }, String(g + 1)),
      ),
    );
    const gradeBox = h(
      "div",
      { class: "fc-grades", role: "group", "aria-label": "How well did you know it?", hidden: true },
      grades,
    );
    const view = h(
      "section",
      { class: "fc-review", "aria-label": "Flashcard review" },
      h("div", { class: "fc-card" }, face, reveal),
      h("div", { class: "fc-actions" }, show, gradeBox),
      button("End review", () => finish(true), "fc-end"),
    );
    ctx.summary.after(view);
    ctx.bar.hidden = ctx.list.hidden = ctx.summary.hidden = true;

    session = {
      ctx, queue, view, face, meta, question, reveal, show, grades, gradeBox,
      done: 0, counts: [0, 0, 0, 0], shown: false,
    };
    say(ctx.status, progress());
    showCard();
  }

  const progress = (s = session) => `${s.done} of ${s.queue.length} reviewed, ${s.queue.length - s.done} left`;

  function showCard() {
    const s = session;
    const it = s.queue[s.done];
    const isNew = !load().cards[it.id];
    s.shown = false;
    s.meta.textContent = `Card ${s.done + 1} of ${s.queue.length} · ${isNew ? "new card" : "review"}`;
    s.question.textContent = it.front;
    s.reveal.replaceChildren();
    s.gradeBox.hidden = true;
    s.show.hidden = false;
    s.face.focus();
  }

  function showAnswer() {
    const s = session;
    if (!s || s.shown) return;
    const it = s.queue[s.done];
    const prev = load().cards[it.id];
    const day = today();
    s.shown = true;
    const back = it.back ? Array.from(it.back.children, (el) => el.cloneNode(true)) : [];
    s.reveal.replaceChildren(h("p", { class: "fc-label" }, "Answer"), ...back);
    s.grades.forEach((b, g) => {
      b.querySelector(".fc-gin").textContent = `in ${span(schedule(prev, g, day).ivl)}`;
    });
    s.show.hidden = true;
    s.gradeBox.hidden = false;
    s.grades[2].focus(); // Good, as in Anki; Tab and Shift+Tab reach the others
  }

  function grade(g) {
    const s = session;
    if (!s || !s.shown) return;
    const it = s.queue[s.done];
    const state = load(); // again: another tab may have written since
    state.cards[it.id] = schedule(state.cards[it.id], g, today());
    const kept = save(state);
    s.counts[g]++;
    s.done++;
    it.state.textContent = stateText(state.cards[it.id], today());
    areaCounts(state.cards, today()); // the index's table stays in view during a review
    const text = progress() + (kept ? "" : ". This browser does not keep your progress");
    if (s.done >= s.queue.length) return finish(false, text);
    say(s.ctx.status, text);
    showCard();
  }

  function finish(early, text) {
    const s = session;
    if (!s) return;
    session = null;
    const { ctx } = s;
    s.view.remove();
    ctx.bar.hidden = ctx.list.hidden = false;
    refresh(ctx);
    const tally = GRADES.map((name, g) => `${name} ${s.counts[g]}`).join(" · ");
    ctx.summary.replaceChildren(
      h("p", { class: "fc-sumhead" }, `Review ${early ? "ended" : "finished"}: ${plural(s.done, "card")} reviewed.`),
      s.done ? h("p", null, tally) : null,
    );
    ctx.summary.hidden = false;
    say(ctx.status, text || progress(s));
    ctx.summary.focus();
  }

  // ------------------------------------------------------------------ keyboard

  document.addEventListener("keydown", (e) => {
    const s = session;
    if (!s) return;
    if (!s.view.isConnected) return void (session = null); // the page was replaced
    if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || e.defaultPrevented) return;
    const t = e.target instanceof Element ? e.target : null;
    if (t && t.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']")) return;
    if (!s.shown && (e.key === " " || e.key === "Spacebar")) {
      if (t && t !== s.show && t.closest("a, button, summary")) return; // its own Space
      e.preventDefault(); // no scroll, and no click of the focused button on key-up
      showAnswer();
    } else if (s.shown && /^[1-4]$/.test(e.key)) {
      e.preventDefault();
      grade(Number(e.key) - 1);
    }
  });

  // ------------------------------------------------------------------ progress files

  function exportProgress(ctx) {
    const state = load();
    const d = new Date();
    const stamp = [d.getFullYear(), d.getMonth() + 1, d.getDate()]
      .map((x) => String(x).padStart(2, "0"))
      .join("-");
    const name = `saa-flashcards-progress-${stamp}.json`;
    const url = URL.createObjectURL(new Blob([JSON.stringify(state)], { type: "application/json" }));
    const a = h("a", { href: url, download: name, hidden: true });
    ctx.box.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    const n = Object.keys(state.cards).length;
    say(ctx.status, `Exported your progress on ${plural(n, "card")} to ${name}.`);
  }

  async function importFile(ctx, input) {
    const f = input.files && input.files[0];
    input.value = "";
    if (!f) return;
    const fail = (why) => say(ctx.status, `Import failed: ${why}. Your progress is unchanged.`);
    if (f.size > 5e6) return fail(`${f.name} is over 5 MB, too large for a progress file`);
    let data;
    try {
      data = JSON.parse(await f.text());
    } catch (e) {
      return fail(`${f.name} is not a JSON file`);
    }
    const why = problem(data);
    if (why) return fail(`in ${f.name}, ${why}`);
    const cards = {};
    for (const [id, c] of Object.entries(data.cards)) cards[id] = pick(c);
    if (!save({ v: 1, cards })) return fail("this browser does not let the page store it");
    refreshAll();
    const n = Object.keys(cards).length;
    say(ctx.status, `Imported progress on ${plural(n, "card")} from ${f.name}; it replaces what this browser had.`);
  }

  function reset(ctx) {
    const ok = window.confirm(
      "Reset your flashcard progress? Every card in every area becomes new again. " +
        "Export your progress first if you may want it back.",
    );
    if (!ok) return;
    memory = null;
    try {
      localStorage.removeItem(KEY);
    } catch (e) {
      /* nothing stored */
    }
    refreshAll();
    say(ctx.status, "Progress reset: every card is new again.");
  }

  // ------------------------------------------------------------------ start

  function init() {
    session = null;
    $$(".flashcards").forEach(setup);
  }

  window.addEventListener("storage", (e) => {
    if (e.key === KEY || e.key === null) refreshAll();
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(() => init());
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
