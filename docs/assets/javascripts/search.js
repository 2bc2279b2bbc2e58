/*
 * The site's search: the header button and the keys / and Ctrl+K (Cmd+K) open the dialog
 * of partials/site-search.html. Pagefind's API (pagefind/pagefind.js) is imported when the
 * dialog first opens; its index comes with the first search, a chunk at a time.
 *
 * Ranking (ranked()): Pagefind's pages with every word, and, for questions no page
 * matches word for word, the pages with some of the words; then a page gains as its title
 * or one of its search words (the data's aliases, a hidden block of the page) fits the
 * query, and the hub pages (home, area overviews, glossary, corrections, exam-guide map,
 * retired list, practice, flashcards) lose unless the query names them, and go below the
 * first page the query names. tests/test_search.py holds it to the learner queries.
 *
 * Each result links with ?highlight=word for every word it matched: on that page,
 * Pagefind's highlighter (pagefind/pagefind-highlight.js, loaded only then) marks them.
 */
(() => {
  "use strict";
  const dialog = document.getElementById("saa-search");
  const opener = document.querySelector(".saa-search-open");
  if (!dialog || !opener || typeof dialog.showModal !== "function") return;
  const input = dialog.querySelector("input");
  const status = dialog.querySelector(".saa-search__status");
  const list = dialog.querySelector(".saa-search__results");
  const form = dialog.querySelector("form");
  // Resolved once: the header stays in place across instant navigation.
  const base = new URL(opener.getAttribute("data-pagefind") || "pagefind/", location.href);
  const root = new URL("..", base).pathname;
  const PARAM = "highlight";
  const SHOWN = 10; // results shown
  const POOL = 12; // results whose page data is loaded (a fragment each) to re-rank them
  let api = null;
  let timer = 0;
  let seq = 0;
  let navigating = false;

  // ------------------------------------------------------------------ ranking
  const COVER = 2; // a page's OR score times (share of the words it holds) ** COVER
  const TITLE = 1; // times 1 + TITLE * (how well the page title fits the query, 0 to 1)
  const SAID = 1; //  + SAID * (how well the best of its search-word phrases fits it)
  const PRECISION = 0.5; // a fit counts the share of the name's own words, to this power
  const HUBBED = 0.45; // a hub page the query does not name: times HUBBED ** (1 - share of
  //                      the query's words in its title)
  const STOP = new Set(
    ("a an and are as at be by can do does for from how i in is it its me my of on or " +
      "should the to vs what when where which who why with aws amazon service services").split(" ")
  );
  const stem = (w) => (w.length > 3 && /[^su]s$/.test(w) ? w.slice(0, -1) : w);
  const words = (text) =>
    (text.toLowerCase().match(/[a-z0-9]+/g) || []).filter((w) => !STOP.has(w));
  const tokens = (text) => words(text).map(stem);
  const clean = (title) => (title || "").replace(/\u00b6/g, "").trim();
  // Pages that mention every service: below a page the query names.
  const HUB =
    /^(reference\/(glossary|corrections|exam-guide|retired)\/|(practice|flashcards)\/|[^/]*\/?$)/;
  const pathOf = (url) => {
    const path = new URL(url, location.href).pathname;
    return path.startsWith(root) ? path.slice(root.length) : path.replace(/^\//, "");
  };

  // The page's search words (hooks/saa.py: a hidden block, weight 6, after the last
  // heading) are matches a reader cannot see: they name the page, but make no excerpt.
  function aliasLocations(page) {
    const last = page.anchors.reduce((a, b) => (!a || b.location > a.location ? b : a), null);
    const from = last ? last.location + last.text.split(/\s+/).length : 0;
    const hits = page.weighted.filter((l) => l.weight === 6 && l.location >= from);
    return Object.assign(new Set(hits.map((l) => l.location)), { from });
  }

  // The phrases of that block (a comma-separated list) that hold a match.
  function phrases(page, aliases) {
    const text = page.content.split(/[\r\n\s]+/g);
    const found = new Map();
    for (const at of aliases) {
      let a = at;
      while (a > aliases.from && !/[,.]$/.test(text[a - 1])) a--;
      let b = at;
      while (b < text.length - 1 && !/,$/.test(text[b])) b++;
      found.set(a, text.slice(a, b + 1).join(" "));
    }
    return [...found.values()];
  }

  // How well a name fits the query: the share of the query's words it holds (the last one
  // may be a prefix), times the share of its own words that match to the power PRECISION.
  function fit(name, query, extra = []) {
    const own = tokens(name);
    const have = new Set([...own, ...extra]);
    if (!own.length || !query.length) return [0, 0];
    const held = query.filter((w, i) =>
      have.has(w) || (i === query.length - 1 && [...have].some((h) => h.startsWith(w))));
    const recall = held.length / query.length;
    return [recall, recall * Math.min(1, held.length / own.length) ** PRECISION];
  }

  // "Reserved Instances" is also "RI": the initials of two to four title words in a row.
  function initials(title) {
    const w = (title.toLowerCase().match(/[a-z0-9]+/g) || []).filter(
      (x) => !/^(and|of|for|the|to)$/.test(x)
    );
    const out = [];
    for (let n = 2; n <= 4; n++) {
      for (let i = 0; i + n <= w.length; i++) out.push(w.slice(i, i + n).map((x) => x[0]).join(""));
    }
    return out;
  }

  // How well the page's title, and the best of its search-word phrases, fit the query.
  function names(query, page, aliases) {
    const [titled, title] = fit(page.title, query, initials(page.title));
    let [said, phrase] = [0, 0];
    for (const text of phrases(page, aliases)) {
      const [r, f] = fit(text, query);
      said = Math.max(said, r);
      phrase = Math.max(phrase, f);
    }
    return { title, phrase, titled, named: titled === 1 || said === 1 };
  }

  const snapshot = (d) => ({
    url: d.url,
    title: clean(d.meta.title),
    excerpt: d.excerpt,
    content: d.raw_content,
    locations: d.locations.slice(),
    weighted: d.weighted_locations.slice(),
    anchors: d.anchors,
    subs: d.sub_results.map((s) => ({
      ...s,
      title: clean(s.title),
      locations: s.locations.slice(),
    })),
  });

  // Pagefind finds the pages that hold every word; a reader's question ("who deleted my
  // bucket") seldom matches a page word for word. Each significant word is searched too
  // (in the same index chunks): a page without every word scores the sum over the words
  // it holds, times the share of the words it holds (to the power COVER).
  async function ranked(pagefind, query) {
    const terms = [...new Set(words(query))];
    const each = terms.length > 1 ? terms : [];
    const [all, ...per] = await Promise.all([query, ...each].map((q) => pagefind.search(q)));
    const found = new Map();
    const entry = (r) => {
      if (!found.has(r.id)) found.set(r.id, { result: r, sum: 0, terms: [], and: 0, each: [] });
      return found.get(r.id);
    };
    for (const r of all.results) {
      Object.assign(entry(r), { result: r, and: r.score, terms: terms.slice() });
    }
    per.forEach((search, i) => {
      for (const r of search.results) {
        const e = entry(r);
        e.sum += r.score;
        if (!e.and) e.terms.push(terms[i]), e.each.push(r);
      }
    });
    const scored = [...found.values()];
    for (const e of scored) {
      e.score = e.and || e.sum * (e.terms.length / terms.length) ** COVER;
    }
    scored.sort((a, b) => b.score - a.score);
    const q = tokens(query);
    const pool = await Promise.all(
      scored.slice(0, POOL).map(async (e) => {
        // A page without every word: the matches of each of its words, one at a time
        // (Pagefind reuses a page's data object), the best word's for its excerpts.
        e.each.sort((a, b) => b.score - a.score);
        const page = snapshot(await (e.each[0] || e.result).data());
        for (const r of e.each.slice(1)) page.weighted.push(...(await r.data()).weighted_locations);
        const aliases = aliasLocations(page);
        const hub = HUB.test(pathOf(page.url));
        const { title, phrase, titled, named } = names(q, page, aliases);
        const hubbed = hub && !named ? HUBBED ** (1 - titled) : 1;
        const score = e.score * (1 + TITLE * title + SAID * phrase) * hubbed;
        return { page, aliases, hub, named, score, terms: e.terms };
      })
    );
    pool.sort((a, b) => b.score - a.score);
    // Hub pages go below the first page that the query names.
    const named = pool.findIndex((r) => r.named && !r.hub);
    if (named > 0) {
      const above = pool.slice(0, named);
      const hubs = above.filter((r) => r.hub);
      pool.splice(0, named + 1, ...above.filter((r) => !r.hub), pool[named], ...hubs);
    }
    return { total: found.size, pool };
  }

  // ---------------------------------------------------------------- rendering
  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  // Pagefind's excerpt (escaped text with <mark>) as nodes: text and <mark> only.
  function excerpt(html) {
    const out = el("span", "saa-search__excerpt");
    const tpl = document.createElement("template");
    tpl.innerHTML = html.replace(/\u00b6/g, "");
    for (const node of tpl.content.childNodes) {
      out.append(node.nodeName === "MARK" ? el("mark", "", node.textContent) : node.textContent);
    }
    return out;
  }

  // An excerpt around the first visible match of a page or section (its best matches were
  // the hidden search words, which Pagefind's excerpt would show).
  function ownExcerpt(part, page, skip) {
    const words = page.content.split(/[\r\n\s]+/g);
    const hits = part.locations.filter((l) => !skip.has(l));
    if (!hits.length) return "";
    const start = Math.max(0, hits[0] - 8);
    const end = Math.min(start + 24, skip.size ? Math.min(...skip) : words.length);
    return words
      .slice(start, end)
      .map((w, i) => (hits.includes(start + i) ? `<mark>${w}</mark>` : w))
      .join(" ");
  }

  // The page's address with the words it matched, for Pagefind's highlighter.
  function withTerms(url, terms) {
    const target = new URL(url, location.href);
    target.searchParams.delete(PARAM);
    for (const term of terms) target.searchParams.append(PARAM, term);
    return target.pathname + target.search + target.hash;
  }

  function link(href, title, html, cls) {
    const a = el("a", cls);
    a.href = href;
    a.append(el("span", "saa-search__title", title));
    if (html) a.append(excerpt(html));
    return a;
  }

  function render(query, total, pool) {
    list.replaceChildren();
    for (const { page, aliases, terms } of pool.slice(0, SHOWN)) {
      const item = el("li", "saa-search__result");
      const seen = (s) => s.locations.some((l) => !aliases.has(l));
      // Sections: the matches under an h2 to h6 that a reader can see; the three with the
      // most different words of the query (then the best placed), in the page's order.
      const said = page.content.split(/[\r\n\s]+/g);
      const visible = (ls) => ls.filter((l) => !aliases.has(l.location ?? l));
      const held = (s) => new Set(visible(s.locations).flatMap((l) => tokens(said[l] || ""))).size;
      const weight = (s) =>
        visible(s.weighted_locations).reduce((sum, l) => sum + l.balanced_score, 0);
      const subs = page.subs
        .filter((s) => s.anchor && s.anchor.element !== "h1" && seen(s))
        .sort((a, b) => held(b) - held(a) || weight(b) - weight(a))
        .slice(0, 3)
        .sort((a, b) => a.locations[0] - b.locations[0]);
      const hidden = page.locations.some((l) => aliases.has(l));
      const text = subs.length ? "" : hidden ? ownExcerpt(page, page, aliases) : page.excerpt;
      item.append(link(withTerms(page.url, terms), page.title, text, "saa-search__page"));
      if (subs.length) {
        const nested = el("ul", "saa-search__subs");
        for (const sub of subs) {
          const li = el("li");
          const mixed = sub.locations.some((l) => aliases.has(l));
          const html = mixed ? ownExcerpt(sub, page, aliases) : sub.excerpt;
          li.append(link(withTerms(sub.url, terms), sub.title, html, "saa-search__sub"));
          nested.append(li);
        }
        item.append(nested);
      }
      list.append(item);
    }
    const quoted = `\u201c${query}\u201d`;
    status.textContent = total
      ? `${total} result${total === 1 ? "" : "s"} for ${quoted}`
      : `No results for ${quoted}`;
  }

  // ------------------------------------------------------------------- search
  function load() {
    api ||= import(base.href + "pagefind.js").then(
      async (pagefind) => {
        // Exact words before longer ones that start with them ("ia" is not "IAM"); a
        // match in the title weighs less than by default: one title word ("Instances")
        // outweighed whole pages, and ranked() below measures how well titles fit.
        const ranking = { termSimilarity: 4, metaWeights: { title: 1 } };
        await pagefind.options({ baseUrl: root, excerptLength: 24, ranking });
        return pagefind;
      },
      (error) => {
        api = null; // try again at the next search
        throw error;
      }
    );
    return api;
  }

  // One search at a time (Pagefind reuses a page's data object between searches).
  let queue = Promise.resolve();
  function run() {
    const id = ++seq;
    queue = queue.then(() => search(id)).catch((error) => {
      if (id === seq) status.textContent = "Search is unavailable: the index could not be loaded.";
      console.error(error);
    });
  }

  async function search(id) {
    const query = input.value.trim();
    if (id !== seq) return;
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    const pagefind = await load();
    const { total, pool } = await ranked(pagefind, query);
    if (id === seq) render(query, total, pool);
  }

  // ----------------------------------------------------------------- the dialog
  const typing = (node) =>
    node instanceof HTMLElement &&
    (node.isContentEditable ||
      /^(TEXTAREA|SELECT)$/.test(node.tagName) ||
      (node.tagName === "INPUT" &&
        !/^(button|checkbox|color|file|hidden|image|radio|range|reset|submit)$/.test(node.type)));

  function open() {
    if (dialog.open) return;
    dialog.showModal();
    input.focus();
    input.select();
    load().catch(() => {});
  }

  function close() {
    if (dialog.open) dialog.close();
  }

  const links = () => [...list.querySelectorAll("a")];

  const closer = dialog.querySelector(".saa-search__close");
  opener.addEventListener("click", open);
  closer.addEventListener("click", close);
  dialog.addEventListener("close", () => {
    if (!navigating) opener.focus();
    navigating = false;
  });
  // A click on the backdrop (outside the panel) closes the dialog.
  dialog.addEventListener("click", (event) => {
    if (event.target !== dialog) return;
    const box = dialog.getBoundingClientRect();
    const inside =
      event.clientX >= box.left && event.clientX <= box.right &&
      event.clientY >= box.top && event.clientY <= box.bottom;
    if (!inside) close();
  });
  list.addEventListener("click", (event) => {
    if (event.target.closest("a")) {
      navigating = true;
      close();
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    const first = links()[0];
    if (first) first.click();
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });

  dialog.addEventListener("keydown", (event) => {
    const key = event.key;
    if (key === "Escape") {
      event.preventDefault();
      close();
      return;
    }
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (key === "ArrowDown" || key === "ArrowUp") {
      if (!all.length || (at < 0 && event.target !== input)) return;
      event.preventDefault();
      const next = at + (key === "ArrowDown" ? 1 : -1);
      if (next < 0) input.focus();
      else all[Math.min(next, all.length - 1)].focus();
    } else if (at >= 0 && key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      input.focus(); // typing on a result goes on in the field
    }
    event.stopPropagation(); // the theme's own keys (n, p, . and ,) stay out of the dialog
  });

  document.addEventListener("keydown", (event) => {
    if (dialog.open || event.defaultPrevented || event.isComposing || event.altKey) return;
    const key = event.key;
    const modified = event.ctrlKey || event.metaKey;
    const wanted =
      (key === "/" && !modified) || ((key === "k" || key === "K") && modified && !event.shiftKey);
    if (!wanted || typing(event.target)) return;
    event.preventDefault();
    open();
  });

  // --------------------------------------------------------- highlight on arrival
  let highlighter = null;
  function highlight() {
    close();
    const article = document.querySelector("article");
    if (!article || !new URLSearchParams(location.search).has(PARAM)) return;
    highlighter ||= import(base.href + "pagefind-highlight.js");
    highlighter
      .then((module) => {
        const Highlight = module.default || window.PagefindHighlight;
        new Highlight({
          highlightParam: PARAM,
          markContext: article,
          addStyles: false,
          markOptions: {
            className: "saa-highlight",
            exclude: [".headerlink", ".search-terms", ".search-terms *", "[data-pagefind-ignore] *"],
          },
        });
      })
      .catch((error) => console.error(error));
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(highlight);
  } else {
    highlight();
  }
})();
