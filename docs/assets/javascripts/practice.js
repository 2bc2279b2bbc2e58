/* Practice questions, weak spots and the exam simulation of the SAA-C03 study guide.

   Plain JavaScript, no library, no request to another host. Progress stays in this
   browser (localStorage); nothing is sent anywhere. Runs on every page and does nothing
   on a page without its containers: `.practice` (a task or domain practice page),
   `.practice-progress` (the weak-spots table) and `.practice-exam` (the simulation).
   The pages work without it: each question has a closed box with its answer. */
(() => {
  "use strict";
  if (window.__saaPractice) return; // loaded once; Material's instant loading keeps it
  window.__saaPractice = true;

  const PROGRESS = "saa-practice:v1";
  const EXAM = "saa-exam:v1";
  const KEEP = 10; // answers kept per question, and answers per task for the accuracy
  const LETTERS = "ABCDEF";
  const BANK = "assets/practice/bank.json";
  let cleanups = []; // what to undo when Material swaps the page (timers, listeners)

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
    el.append(...clean(kids));
    return el;
  }
  const clean = (kids) => kids.flat(Infinity).filter((k) => k != null && k !== false);
  /** Replace an element's children (null and false are left out). */
  const put = (el, ...kids) => el.replaceChildren(...clean(kids));
  const button = (text, onclick, cls = "", attrs = {}) =>
    h("button", { type: "button", class: `p-btn ${cls}`.trim(), onclick, ...attrs }, text);

  /** Say something in a live region (cleared first, so that a repeat is heard again). */
  function say(region, text) {
    if (!region) return;
    region.textContent = "";
    setTimeout(() => (region.textContent = text), 60);
  }

  const sameSet = (a, b) =>
    a.length === b.length && [...a].sort().join() === [...b].sort().join();
  const sorted = (list) => [...list].map(Number).sort((x, y) => x - y);

  /** [1, 3] -> "B and D". */
  function letters(list) {
    const l = sorted(list).map((i) => LETTERS[i]);
    return l.length < 2 ? l.join("") : `${l.slice(0, -1).join(", ")} and ${l[l.length - 1]}`;
  }

  const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  const UNITS = [
    [60, "minute"],
    [3600, "hour"],
    [86400, "day"],
    [604800, "week"],
    [2629800, "month"],
    [31557600, "year"],
  ];
  /** "just now", "5 minutes ago", "yesterday", "2 days ago". */
  function ago(t) {
    const s = Math.max(0, (Date.now() - t) / 1000);
    if (s < 45) return "just now";
    let unit = UNITS[0];
    for (const u of UNITS) if (s >= u[0]) unit = u;
    return rtf.format(-Math.max(1, Math.round(s / unit[0])), unit[1]);
  }

  /** 754000 ms -> "12:34" (minutes may pass 59: "130:00"). */
  function clock(ms) {
    const s = Math.ceil(Math.max(0, ms) / 1000);
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  }

  const percent = (right, total) => (total ? Math.round((100 * right) / total) : 0);

  function readJSON(key) {
    try {
      return JSON.parse(localStorage.getItem(key));
    } catch {
      return null; // corrupt, or storage refused
    }
  }
  function writeJSON(key, value) {
    try {
      localStorage.setItem(key, JSON.stringify(value));
    } catch {
      /* full or refused: the page still works, without memory */
    }
  }
  function forget(key) {
    try {
      localStorage.removeItem(key);
    } catch {
      /* refused */
    }
  }

  const banks = new Map();
  /** The question bank (JSON), fetched once per address. */
  function loadBank(url) {
    const key = String(url);
    if (!banks.has(key)) {
      const p = fetch(key).then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return r.json();
      });
      p.catch(() => banks.delete(key));
      banks.set(key, p);
    }
    return banks.get(key);
  }

  // ------------------------------------------------------------------ progress

  /** {v: 1, answers: {id: [{t, ok, c}]}}; anything missing, corrupt or older starts afresh. */
  function loadProgress() {
    const p = readJSON(PROGRESS);
    const answers = {};
    if (p && p.v === 1 && p.answers && typeof p.answers === "object") {
      for (const [id, list] of Object.entries(p.answers)) {
        if (!Array.isArray(list)) continue;
        const good = list.filter(
          (a) =>
            a &&
            Number.isFinite(a.t) &&
            typeof a.ok === "boolean" &&
            Array.isArray(a.c) &&
            a.c.every(Number.isInteger),
        );
        if (good.length) answers[id] = good.slice(-KEEP);
      }
    }
    return { v: 1, answers };
  }

  /** Add answers: [[question id, right?, chosen option indexes], ...]. */
  function record(entries) {
    const p = loadProgress();
    const t = Date.now();
    for (const [id, ok, c] of entries) {
      const list = (p.answers[id] = p.answers[id] || []);
      list.push({ t, ok, c: sorted(c) });
      if (list.length > KEEP) list.splice(0, list.length - KEEP);
    }
    writeJSON(PROGRESS, p);
  }

  const lastText = (a) => `Last answer: ${a.ok ? "right" : "wrong"}, ${ago(a.t)}`;

  // ------------------------------------------------------------------ keyboard

  /** Material's shortcuts n . p , go to the next or previous page: not while answering. */
  const keepOnPage = (event) => /^[np.,]$/i.test(event.key) && event.stopPropagation();

  /** Number keys 1-6 pick an option of the question that holds the focus; Enter acts. */
  function optionKeys(event, scope, onEnter) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    keepOnPage(event);
    const inputs = $$(".q-choices input", scope);
    if (/^[1-6]$/.test(event.key)) {
      const input = inputs[Number(event.key) - 1];
      if (!input || input.disabled) return;
      event.preventDefault();
      input.checked = input.type === "radio" ? true : !input.checked;
      input.focus();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    } else if (event.key === "Enter" && inputs.includes(event.target)) {
      event.preventDefault();
      onEnter();
    }
  }

  // ------------------------------------------------------------------ practice pages

  function initPractice(root) {
    const status = $(".practice-status", root);
    const answers = loadProgress().answers;
    $$("li.q", root).forEach((q, i) => setupQuestion(q, i + 1, status, answers));
  }

  function setupQuestion(q, n, status, answers) {
    if (q.dataset.ready) return;
    q.dataset.ready = "1";
    const id = q.dataset.id;
    const need = Number(q.dataset.choose) || 1;
    const inputs = $$(".q-choices input", q);
    const options = $$(".q-choices > li", q);
    const details = $(".q-answer", q);
    const right = $$(".q-explain > li", q)
      .map((li, i) => (li.classList.contains("q-right") ? i : -1))
      .filter((i) => i >= 0);
    const uid = q.id || `q${n}`;

    const past = answers[id] || [];
    const last = h(
      "p",
      { class: "q-last", hidden: !past.length },
      past.length ? lastText(past[past.length - 1]) : "",
    );
    const hint = h("p", { class: "q-hint", id: `${uid}-hint` });
    const count = need > 1 ? h("span", { class: "q-count", "aria-hidden": "true" }) : null;
    const check = button("Check answer", submit, "p-btn--primary q-check", {
      "aria-describedby": `${uid}-hint`,
    });
    const retry = button("Try again", reset, "q-retry", { hidden: true });
    const result = h("p", { class: "q-result", tabindex: "-1", hidden: true });
    const meta = $(".q-meta", q);
    (meta || q.firstChild).after(last);
    $(".q-options", q).after(hint, result, h("div", { class: "q-actions" }, check, retry, count));

    const chosen = () => inputs.filter((x) => x.checked).map((x) => Number(x.value));
    const showCount = () => {
      if (count) count.textContent = `${chosen().length} of ${need} chosen`;
      if (hint.textContent && chosen().length === need) hint.textContent = "";
    };
    showCount();
    q.addEventListener("change", showCount);
    q.addEventListener("keydown", (e) => optionKeys(e, q, submit));

    function submit() {
      if (check.hidden) return; // already checked
      const c = chosen();
      if (c.length !== need) {
        const msg =
          need > 1
            ? `Choose exactly ${need} options before checking: you chose ${c.length}.`
            : "Choose an option before checking.";
        hint.textContent = msg;
        say(status, `Question ${n}: ${msg}`);
        return;
      }
      const ok = sameSet(c, right);
      options.forEach((li, i) => {
        const isRight = right.includes(i);
        const mine = c.includes(i);
        li.classList.add(isRight ? "q-is-right" : "q-is-wrong");
        li.classList.toggle("q-is-chosen", mine);
        (li.querySelector("label") || li).append(
          h("span", { class: "q-mark" }, isRight ? "Right" : "Wrong", mine ? ", your choice" : ""),
        );
      });
      inputs.forEach((x) => (x.disabled = true));
      if (details) details.open = true;
      result.className = `q-result ${ok ? "q-result--right" : "q-result--wrong"}`;
      result.textContent = ok
        ? `Right: ${letters(right)}. The explanations are below.`
        : `Wrong: the answer is ${letters(right)}. The explanations are below.`;
      result.hidden = false;
      hint.textContent = "";
      check.hidden = true;
      retry.hidden = false;
      record([[id, ok, c]]);
      last.textContent = lastText({ ok, t: Date.now() });
      last.hidden = false;
      result.focus();
      say(status, `Question ${n}: ${ok ? "right" : `wrong, the answer is ${letters(right)}`}`);
    }

    function reset() {
      inputs.forEach((x) => {
        x.checked = false;
        x.disabled = false;
      });
      options.forEach((li) => {
        li.classList.remove("q-is-right", "q-is-wrong", "q-is-chosen");
        $$(".q-mark", li).forEach((m) => m.remove());
      });
      if (details) details.open = false;
      result.hidden = true;
      check.hidden = false;
      retry.hidden = true;
      showCount();
      inputs[0].focus();
      say(status, `Question ${n}: answer it again`);
    }
  }

  // ------------------------------------------------------------------ weak spots

  function initProgress(root) {
    const tbody = $("tbody", root);
    if (!tbody) return;
    const rows = $$("tr[data-task]", tbody);
    const status = h("p", { class: "practice-progress-status", role: "status" });
    const resetButton = button("Reset progress", () => {
      if (!window.confirm("Clear every answer you gave to the practice questions in this browser?"))
        return;
      forget(PROGRESS);
      fill();
      say(status, "Progress cleared: every task statement shows as not practised.");
    });
    root.append(h("div", { class: "practice-progress-actions" }, resetButton), status);

    let bank = null;
    function fill() {
      if (!bank) return;
      const answers = loadProgress().answers;
      const stats = new Map();
      for (const q of bank.questions) {
        const s = stats.get(q.task) || { total: 0, answered: 0, recent: [] };
        stats.set(q.task, s);
        s.total += 1;
        const list = answers[q.id] || [];
        if (list.length) s.answered += 1;
        s.recent.push(...list);
      }
      for (const row of rows) {
        const s = stats.get(row.dataset.task) || { total: 0, answered: 0, recent: [] };
        const recent = s.recent.sort((a, b) => b.t - a.t).slice(0, KEEP);
        const right = recent.filter((a) => a.ok).length;
        row.dataset.acc = recent.length ? String(right / recent.length) : "";
        $(".p-answered", row).textContent = `${s.answered}/${s.total}`;
        $(".p-accuracy", row).textContent = recent.length
          ? `${percent(right, recent.length)}% (${right}/${recent.length})`
          : "Not practised";
        row.classList.toggle("p-none", !recent.length);
      }
      // Worst first; not practised last; ties keep the exam guide's order.
      const order = (row) => (row.dataset.acc === "" ? 2 : Number(row.dataset.acc));
      const ranked = rows
        .map((row, i) => [row, i])
        .sort((a, b) => order(a[0]) - order(b[0]) || a[1] - b[1])
        .map((p) => p[0]);
      tbody.append(...ranked);
    }

    const root$ = root.dataset.root || "";
    loadBank(new URL(root$ + BANK, location.href)).then(
      (b) => {
        bank = b;
        fill();
      },
      () => (status.textContent = "Your progress cannot be shown: the question bank did not load."),
    );
    const onStorage = (e) => (e.key === PROGRESS || e.key === null) && fill();
    window.addEventListener("storage", onStorage);
    cleanups.push(() => window.removeEventListener("storage", onStorage));
  }

  // ------------------------------------------------------------------ exam: the draw

  /** A seeded PRNG: mulberry32. */
  function mulberry32(seed) {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function shuffle(list, rnd) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  }

  /** Questions per domain: the weights, rounded to sum to `size` by largest remainders,
      never more than a domain has (as exam_draw in studyguide/practice.py). */
  function drawCounts(domains, counts, size) {
    const exact = new Map(domains.map((d) => [d.id, (size * d.weight) / 100]));
    const draw = new Map(
      domains.map((d) => [d.id, Math.min(Math.floor(exact.get(d.id)), counts.get(d.id) || 0)]),
    );
    const total = () => [...draw.values()].reduce((a, b) => a + b, 0);
    const byRemainder = domains
      .map((d) => d.id)
      .sort((a, b) => exact.get(b) - Math.floor(exact.get(b)) - (exact.get(a) - Math.floor(exact.get(a))));
    for (const d of byRemainder) {
      if (total() < size && draw.get(d) < (counts.get(d) || 0)) draw.set(d, draw.get(d) + 1);
    }
    return draw;
  }

  /** The question ids of the exam of this seed and size, in their order. */
  function drawExam(bank, seed, size) {
    const rnd = mulberry32(seed);
    const counts = new Map();
    for (const q of bank.questions) counts.set(q.domain, (counts.get(q.domain) || 0) + 1);
    const per = drawCounts(bank.meta.domains, counts, size);
    const picked = [];
    for (const d of bank.meta.domains) {
      const pool = bank.questions.filter((q) => q.domain === d.id);
      picked.push(...shuffle(pool, rnd).slice(0, per.get(d.id)));
    }
    return shuffle(picked, rnd).map((q) => q.id);
  }

  function randomSeed() {
    const a = new Uint32Array(1);
    crypto.getRandomValues(a);
    return a[0] % 1000000000;
  }

  // ------------------------------------------------------------------ exam: the page

  function initExam(root) {
    const base = root.dataset.root || "";
    // The start screen says what the page's own text says, for the exam of this address.
    for (const child of root.children) child.hidden = true;
    const app = h("div", { class: "exam-app" }, h("p", {}, "Loading the questions…"));
    const status = h("p", { class: "sr-only exam-status", role: "status", "aria-live": "polite" });
    root.append(app, status);
    app.addEventListener("keydown", keepOnPage);

    let bank, byId, fullSize, st, qs, timer, lastTick;
    let ui = null; // the running view's elements

    const minutesFor = (n) =>
      Math.max(1, Math.round((bank.meta.exam.minutes * n) / bank.meta.exam.size));

    loadBank(new URL(root.dataset.bank, location.href)).then(
      (b) => {
        bank = b;
        byId = new Map(b.questions.map((q) => [q.id, q]));
        fullSize = b.meta.exam.size || 65;
        route();
      },
      () =>
        put(app, 
          h("p", { class: "exam-error" }, "The questions did not load. Reload the page to try again."),
        ),
    );

    // A new address with a seed (typed or pasted) shows its exam; other hashes (the skip
    // link, an anchor) leave the screen as it is.
    const onHash = () => bank && /(^#|&)seed=/.test(location.hash) && route();
    const onHide = () => {
      if (ui) advance();
      save();
    };
    window.addEventListener("hashchange", onHash);
    window.addEventListener("pagehide", onHide);
    cleanups.push(() => {
      window.removeEventListener("hashchange", onHash);
      window.removeEventListener("pagehide", onHide);
      stopClock();
      save();
    });

    // -- state

    function save() {
      if (st) writeJSON(EXAM, st);
    }

    /** The stored exam, checked against the bank; null when there is none usable. */
    function loadState() {
      const s = readJSON(EXAM);
      if (!s || s.v !== 1 || !Array.isArray(s.ids) || !Number.isInteger(s.seed)) return null;
      const ids = s.ids.filter((id) => byId.has(id));
      if (!ids.length) return null;
      const ans = {};
      for (const id of ids) {
        const c = s.ans && s.ans[id];
        if (Array.isArray(c) && c.length && c.every(Number.isInteger)) ans[id] = c;
      }
      const num = (x, d) => (Number.isFinite(x) && x >= 0 ? x : d);
      const total = num(s.total, minutesFor(ids.length) * 60000);
      return {
        v: 1,
        seed: s.seed >>> 0,
        size: Number.isInteger(s.size) && s.size > 0 ? s.size : ids.length,
        ids,
        cur: Math.min(Math.max(0, s.cur | 0), ids.length - 1),
        ans,
        flags: Array.isArray(s.flags) ? s.flags.filter((id) => ids.includes(id)) : [],
        total,
        left: Math.min(num(s.left, total), total),
        paused: !!s.paused,
        done: !!s.done,
        timeUp: !!s.timeUp,
        said: Array.isArray(s.said) ? s.said : [],
        rec: !!s.rec,
      };
    }

    /** {seed, size} from `#seed=N&size=N`; null where absent or not a number. */
    function fromHash() {
      const p = new URLSearchParams(location.hash.slice(1));
      const int = (v) => (v != null && /^\d{1,10}$/.test(v.trim()) ? Number(v) : null);
      const seed = int(p.get("seed"));
      let size = int(p.get("size"));
      if (size != null) size = Math.min(Math.max(1, size), bank.questions.length);
      return { seed: seed == null ? null : seed >>> 0, size };
    }

    function setHash(seed, size) {
      const hash = `#seed=${seed}${size && size !== fullSize ? `&size=${size}` : ""}`;
      if (location.hash !== hash)
        history.replaceState(history.state, "", location.pathname + location.search + hash);
    }

    // -- which screen

    function route() {
      stopClock();
      const want = fromHash();
      const size = want.size || fullSize;
      const saved = loadState();
      if (saved && want.seed === saved.seed && size === saved.size) {
        st = saved;
        return st.done ? showResult(false) : showRun(false);
      }
      if (saved && !saved.done && want.seed == null) {
        st = saved;
        setHash(st.seed, st.size);
        return showRun(false);
      }
      const seed = want.seed == null ? randomSeed() : want.seed;
      setHash(seed, size);
      st = null;
      showStart(seed, size, saved, false);
    }

    function showStart(seed, size, saved, focus) {
      ui = null;
      const ids = drawExam(bank, seed, size);
      const per = bank.meta.domains
        .map((d) => [d, ids.filter((id) => byId.get(id).domain === d.id).length])
        .filter(([, k]) => k);
      const unfinished = saved && !saved.done;
      const heading = h("h2", { class: "exam-h", tabindex: "-1" }, "Start the exam");
      const answered = saved ? Object.keys(saved.ans).length : 0;
      const start = () => {
        if (
          unfinished &&
          answered &&
          !window.confirm("Start a new exam? The answers of your unfinished exam will be lost.")
        )
          return;
        begin(seed, size, ids);
      };
      put(app, 
        heading,
        unfinished &&
          h(
            "div",
            { class: "exam-note" },
            h(
              "p",
              {},
              `You have an unfinished exam: ${answered} of ${saved.ids.length} questions answered, ` +
                `${clock(saved.left)} left (seed ${saved.seed}).`,
            ),
            button("Resume that exam", () => {
              st = saved;
              setHash(st.seed, st.size);
              showRun(true);
            }),
          ),
        saved &&
          saved.done &&
          h(
            "div",
            { class: "exam-note" },
            h("p", {}, `Your last exam: ${scoreText(saved)}.`),
            button("Show its result", () => {
              st = saved;
              setHash(st.seed, st.size);
              showResult(true);
            }),
          ),
        h(
          "p",
          {},
          `${ids.length} questions, ${minutesFor(ids.length)} minutes: `,
          per.map(([d, k]) => `${k} from domain ${d.id} (${d.weight}%)`).join(", "),
          ".",
        ),
        h(
          "p",
          {},
          `Seed ${seed}. The address of this page holds it: open the same address to get the ` +
            "same questions in the same order.",
        ),
        h(
          "p",
          {},
          "Nothing is marked right or wrong until you finish. You can pause the clock; it " +
            "also stops while this page is closed, and the exam goes on where you left it.",
        ),
        h(
          "div",
          { class: "exam-actions" },
          button(unfinished ? "Start a new exam" : "Start the exam", start, "p-btn--primary exam-start"),
          button("Draw other questions", () => {
            const next = randomSeed();
            setHash(next, size);
            showStart(next, size, saved, true);
            say(status, `Seed ${next}: other questions drawn.`);
          }),
        ),
      );
      if (focus) heading.focus();
    }

    function begin(seed, size, ids) {
      const total = minutesFor(ids.length) * 60000;
      st = {
        v: 1,
        seed,
        size,
        ids,
        cur: 0,
        ans: {},
        flags: [],
        total,
        left: total,
        paused: false,
        done: false,
        timeUp: false,
        said: [10, 1].filter((m) => m * 60000 >= total), // no warning the exam starts below
        rec: false,
      };
      save();
      setHash(seed, size);
      showRun(true);
      say(status, `Exam started: ${ids.length} questions, ${minutesFor(ids.length)} minutes.`);
    }

    // -- the running exam

    function showRun(focus) {
      qs = st.ids.map((id) => byId.get(id));
      const clockEl = h("span", { class: "exam-clock", role: "timer", "aria-live": "off" });
      const pause = button("Pause", togglePause, "exam-pause");
      const finishBtn = button("Finish the exam", () => finish(false), "exam-finish");
      const pausedNote = h(
        "p",
        { class: "exam-paused", hidden: true },
        "Paused. The clock is stopped and the questions are hidden until you resume.",
      );
      const area = h("div", { class: "exam-q" });
      const prev = button("Previous", () => go(st.cur - 1, true), "exam-prev");
      const next = button("Next", () => go(st.cur + 1, true), "exam-next");
      const flag = button("Flag for review", toggleFlag, "exam-flag", { "aria-pressed": "false" });
      const tally = h("p", { class: "exam-tally" });
      const navButtons = qs.map((q, i) =>
        h(
          "button",
          { type: "button", class: "exam-navbtn", onclick: () => go(i, true) },
          String(i + 1),
        ),
      );
      const nav = h(
        "nav",
        { class: "exam-nav", "aria-label": "Questions of the exam" },
        h(
          "p",
          { class: "exam-legend" },
          "Filled: answered. Corner mark: flagged. Thick border: the current question.",
        ),
        h("ol", {}, navButtons.map((b) => h("li", {}, b))),
      );
      const body = h(
        "div",
        { class: "exam-body" },
        area,
        h("div", { class: "exam-move" }, prev, flag, next),
        tally,
        nav,
      );
      put(app, 
        h(
          "div",
          { class: "exam-bar" },
          h("p", { class: "exam-time" }, h("span", { class: "exam-timelabel" }, "Time left "), clockEl),
          pause,
          finishBtn,
        ),
        pausedNote,
        body,
      );
      ui = { clockEl, pause, pausedNote, body, area, prev, next, flag, tally, navButtons, finishBtn };
      area.addEventListener("change", onAnswer);
      area.addEventListener("keydown", (e) =>
        optionKeys(e, area, () => (st.cur < qs.length - 1 ? go(st.cur + 1, true) : finishBtn.focus())),
      );
      showPaused();
      showQuestion(false);
      showClock();
      startClock();
      if (focus) (st.paused ? pause : $(".exam-qhead", area)).focus();
    }

    function showQuestion(focus) {
      const q = qs[st.cur];
      const chosen = st.ans[q.id] || [];
      const many = q.right.length > 1;
      const flagged = st.flags.includes(q.id);
      const heading = h(
        "h2",
        { class: "exam-qhead", tabindex: "-1" },
        `Question ${st.cur + 1} of ${qs.length}`,
        flagged ? h("span", { class: "exam-flagtag" }, "Flagged for review") : null,
      );
      ui.area.dataset.a = q.a;
      put(ui.area, 
        heading,
        h("p", { class: "q-stem" }, q.stem),
        h(
          "fieldset",
          { class: "q-options" },
          h("legend", { class: "q-legend" }, many ? `Choose ${q.right.length}` : "Choose one"),
          h(
            "ol",
            { class: "q-choices" },
            q.options.map((text, i) =>
              h(
                "li",
                {},
                h(
                  "label",
                  {},
                  h("input", {
                    type: many ? "checkbox" : "radio",
                    name: `x-${q.a}`,
                    value: i,
                    checked: chosen.includes(i),
                  }),
                  " ",
                  h("span", { class: "q-letter" }, `${LETTERS[i]}.`),
                  " ",
                  text,
                ),
              ),
            ),
          ),
        ),
        many ? h("p", { class: "q-count" }, `${chosen.length} of ${q.right.length} chosen`) : null,
      );
      ui.prev.disabled = st.cur === 0;
      ui.next.disabled = st.cur === qs.length - 1;
      ui.flag.setAttribute("aria-pressed", String(flagged));
      showNav();
      if (focus) heading.focus();
    }

    function showNav() {
      ui.navButtons.forEach((b, i) => {
        const id = qs[i].id;
        const answered = !!st.ans[id];
        const flagged = st.flags.includes(id);
        b.classList.toggle("is-answered", answered);
        b.classList.toggle("is-flagged", flagged);
        b.classList.toggle("is-current", i === st.cur);
        if (i === st.cur) b.setAttribute("aria-current", "step");
        else b.removeAttribute("aria-current");
        b.setAttribute(
          "aria-label",
          `Question ${i + 1}, ${answered ? "answered" : "not answered"}${flagged ? ", flagged" : ""}`,
        );
      });
      const answered = qs.filter((q) => st.ans[q.id]).length;
      ui.tally.textContent =
        `${answered} of ${qs.length} answered` +
        (st.flags.length ? `, ${st.flags.length} flagged for review` : "");
    }

    function onAnswer() {
      const q = qs[st.cur];
      const c = $$(".q-choices input", ui.area)
        .filter((x) => x.checked)
        .map((x) => Number(x.value));
      if (c.length) st.ans[q.id] = c;
      else delete st.ans[q.id];
      const count = $(".q-count", ui.area);
      if (count) count.textContent = `${c.length} of ${q.right.length} chosen`;
      save();
      showNav();
    }

    function go(i, focus) {
      if (i < 0 || i >= qs.length) return;
      st.cur = i;
      save();
      showQuestion(focus);
    }

    function toggleFlag() {
      const id = qs[st.cur].id;
      const on = !st.flags.includes(id);
      st.flags = on ? [...st.flags, id] : st.flags.filter((f) => f !== id);
      save();
      showQuestion(false);
      say(status, `Question ${st.cur + 1} ${on ? "flagged for review" : "no longer flagged"}.`);
    }

    function showPaused() {
      ui.pause.textContent = st.paused ? "Resume" : "Pause";
      ui.pausedNote.hidden = !st.paused;
      ui.body.hidden = st.paused;
    }

    function togglePause() {
      advance();
      st.paused = !st.paused;
      lastTick = Date.now();
      save();
      showPaused();
      showClock();
      if (st.paused) {
        say(status, `Exam paused with ${clock(st.left)} left. The questions are hidden.`);
      } else {
        say(status, "Exam resumed.");
        $(".exam-qhead", ui.area).focus();
      }
    }

    // -- the clock: `left` counts down only while this page is open and not paused

    function startClock() {
      stopClock();
      lastTick = Date.now();
      timer = setInterval(tick, 250);
    }
    function stopClock() {
      if (timer) clearInterval(timer);
      timer = null;
    }

    /** Count the time since the last tick off the clock (not while paused). */
    function advance() {
      const now = Date.now();
      if (st && !st.done && !st.paused) {
        const before = Math.ceil(st.left / 1000);
        st.left = Math.max(0, st.left - Math.max(0, now - lastTick));
        if (Math.ceil(st.left / 1000) !== before) save();
      }
      lastTick = now;
    }

    function tick() {
      if (!st || st.done || !ui) return;
      advance();
      showClock();
      for (const m of [10, 1]) {
        if (!st.said.includes(m) && st.left <= m * 60000 && st.left > 0) {
          st.said.push(m);
          save();
          say(status, `${m === 1 ? "1 minute" : `${m} minutes`} left.`);
        }
      }
      if (st.left <= 0) finish(true);
    }

    function showClock() {
      if (!ui) return;
      ui.clockEl.textContent = clock(st.left);
      ui.clockEl.classList.toggle("is-low", st.left <= 60000);
      ui.clockEl.classList.toggle("is-paused", st.paused);
    }

    // -- the end

    function finish(timeUp) {
      if (!st || st.done) return;
      const open = qs.filter((q) => !st.ans[q.id]).length;
      if (
        !timeUp &&
        open &&
        !window.confirm(
          `${open} of ${qs.length} questions ${open === 1 ? "is" : "are"} not answered. ` +
            "Finish the exam anyway?",
        )
      )
        return;
      if (ui) advance();
      stopClock();
      st.done = true;
      st.paused = false;
      st.timeUp = timeUp;
      if (!st.rec) {
        record(
          qs.filter((q) => st.ans[q.id]).map((q) => [q.id, sameSet(st.ans[q.id], q.right), st.ans[q.id]]),
        );
        st.rec = true;
      }
      save();
      showResult(true);
      say(status, `${timeUp ? "Time is up. " : ""}Exam finished: ${scoreText(st)}.`);
    }

    function score(s) {
      const right = s.ids.filter((id) => sameSet(s.ans[id] || [], byId.get(id).right)).length;
      return [right, s.ids.length];
    }
    function scoreText(s) {
      const [right, n] = score(s);
      return `${percent(right, n)}% (${right}/${n})`;
    }

    function resultTable(caption, head, groups) {
      return h(
        "div",
        { class: "exam-tablewrap" },
        h(
          "table",
          { class: "exam-table" },
          h("caption", {}, caption),
          h(
            "thead",
            {},
            h("tr", {}, head.map((t) => h("th", { scope: "col" }, t))),
          ),
          h(
            "tbody",
            {},
            groups.map(([key, name, list]) => {
              const right = list.filter((r) => r.ok).length;
              return h(
                "tr",
                { "data-key": key },
                h("th", { scope: "row" }, key),
                h("td", {}, name),
                h("td", { class: "exam-num" }, `${right}/${list.length}`),
                h("td", { class: "exam-num" }, `${percent(right, list.length)}%`),
              );
            }),
          ),
        ),
      );
    }

    function evidence(q) {
      const links = q.evidence.map(([label, url]) => h("a", { href: base + url }, label));
      const sources = (q.sources || []).map(([title, url]) =>
        h("a", { href: url, rel: "noopener" }, title),
      );
      const join = (list) => list.flatMap((a, i) => (i ? [", ", a] : [a]));
      return h(
        "p",
        { class: "q-evidence" },
        links.length ? ["Read on this site: ", join(links), ". "] : null,
        sources.length ? ["AWS documentation: ", join(sources), "."] : null,
      );
    }

    function choiceList(q, list) {
      return list.length
        ? sorted(list).map((i) => h("span", { class: "exam-choice" }, `${LETTERS[i]}. ${q.options[i]}`))
        : "none";
    }

    function showResult(focus) {
      ui = null;
      stopClock();
      qs = st.ids.map((id) => byId.get(id));
      const rows = qs.map((q, i) => {
        const c = st.ans[q.id] || [];
        return { q, i, c, ok: sameSet(c, q.right) };
      });
      const [right, n] = score(st);
      const missed = rows.filter((r) => !r.ok);
      const byDomain = bank.meta.domains
        .map((d) => [`Domain ${d.id}`, d.name, rows.filter((r) => r.q.domain === d.id)])
        .filter((g) => g[2].length);
      const byTask = Object.entries(bank.meta.tasks)
        .map(([t, name]) => [`Task ${t}`, name, rows.filter((r) => r.q.task === t)])
        .filter((g) => g[2].length);
      const pages = new Map();
      for (const r of missed) {
        for (const [label, url] of r.q.evidence) {
          const page = url.split("#")[0];
          const p = pages.get(page) || { label: label.split(", ")[0], n: 0 };
          p.n += 1;
          pages.set(page, p);
        }
      }
      const heading = h("h2", { class: "exam-h", tabindex: "-1" }, "Your result");
      const used = st.total - st.left;
      put(app, 
        heading,
        h(
          "p",
          { class: "exam-score" },
          "Score: ",
          h("strong", {}, `${percent(right, n)}%`),
          ` (${right}/${n} right)`,
        ),
        h(
          "p",
          {},
          st.timeUp ? "Time ran out. " : `Finished in ${clock(used)} of ${clock(st.total)}. `,
          `${rows.filter((r) => !r.c.length).length} not answered. Seed ${st.seed}.`,
        ),
        h(
          "div",
          { class: "exam-actions" },
          button("Start a new exam", restart, "p-btn--primary exam-new"),
        ),
        h("h3", {}, "By domain"),
        resultTable("Score by domain", ["Domain", "Name", "Right", "Score"], byDomain),
        h("h3", {}, "By task statement"),
        resultTable("Score by task statement", ["Task", "Statement", "Right", "Score"], byTask),
        h("h3", {}, missed.length ? `Questions to review (${missed.length})` : "Questions to review"),
        missed.length
          ? h(
              "ol",
              { class: "exam-missed" },
              missed.map((r) =>
                h(
                  "li",
                  { class: "exam-miss", "data-a": r.q.a },
                  h(
                    "h4",
                    {},
                    `Question ${r.i + 1}: ${r.c.length ? "wrong" : "not answered"}`,
                    h("span", { class: "exam-task" }, ` · Task ${r.q.task}`),
                  ),
                  h("p", { class: "q-stem" }, r.q.stem),
                  h("p", { class: "exam-yours" }, h("strong", {}, "Your answer: "), choiceList(r.q, r.c)),
                  h("p", { class: "exam-key" }, h("strong", {}, "Right answer: "), choiceList(r.q, r.q.right)),
                  h(
                    "ol",
                    { class: "q-explain" },
                    r.q.options.map((text, i) => {
                      const ok = r.q.right.includes(i);
                      return h(
                        "li",
                        { class: `${ok ? "q-right" : "q-wrong"}${r.c.includes(i) ? " q-chosen" : ""}` },
                        h(
                          "strong",
                          {},
                          `${LETTERS[i]}: ${ok ? "right" : "wrong"}${r.c.includes(i) ? ", your choice" : ""}.`,
                        ),
                        ` ${text} `,
                        h("span", { class: "exam-why" }, r.q.why[i]),
                      );
                    }),
                  ),
                  evidence(r.q),
                ),
              ),
            )
          : h("p", {}, "None: every answer was right."),
        h("h3", {}, "Pages to read again"),
        pages.size
          ? h(
              "ul",
              { class: "exam-pages" },
              [...pages.entries()]
                .sort((a, b) => b[1].n - a[1].n)
                .map(([page, p]) =>
                  h(
                    "li",
                    {},
                    h("a", { href: base + page }, p.label),
                    ` (${p.n} ${p.n === 1 ? "question" : "questions"})`,
                  ),
                ),
            )
          : h("p", {}, "None."),
        h(
          "div",
          { class: "exam-actions" },
          button("Start a new exam", restart, "p-btn--primary exam-new"),
        ),
      );
      if (focus) heading.focus();
    }

    function restart() {
      forget(EXAM);
      const size = st ? st.size : fullSize;
      st = null;
      const seed = randomSeed();
      setHash(seed, size);
      showStart(seed, size, null, true);
      say(status, "A new exam is ready to start.");
    }
  }

  // ------------------------------------------------------------------ start

  function init() {
    for (const undo of cleanups) undo();
    cleanups = [];
    $$(".practice").forEach(initPractice);
    $$(".practice-progress").forEach(initProgress);
    $$(".practice-exam").forEach(initExam);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(() => init());
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
