/* CII Valais catalogue: measure filters and the search page. Plain JavaScript, no library.
   Both enhance pages that already work without JavaScript. */
(function () {
  "use strict";

  /* ---------- Filters on the measure list ---------- */
  function setupFacets(form) {
    var list = document.querySelector("[data-ciivs-list]");
    var shown = document.querySelector("[data-ciivs-shown]");
    if (!list) return;
    var cards = Array.prototype.slice.call(list.children);
    var names = Array.prototype.map.call(form.querySelectorAll("fieldset"), function (fs) {
      return fs.querySelector("input").name;
    });
    var values = cards.map(function (card) {
      var v = {};
      names.forEach(function (n) { v[n] = (card.getAttribute("data-" + n) || "").split(" ").filter(Boolean); });
      return v;
    });

    function selected() {
      var s = {};
      names.forEach(function (n) {
        s[n] = Array.prototype.filter.call(form.querySelectorAll('input[name="' + n + '"]'), function (i) { return i.checked; })
          .map(function (i) { return i.value; });
      });
      return s;
    }
    // A card matches when, for every filter with a choice, it has one of the chosen values.
    function matches(v, s, except) {
      return names.every(function (n) {
        if (n === except || s[n].length === 0) return true;
        return s[n].some(function (x) { return v[n].indexOf(x) >= 0; });
      });
    }
    function update() {
      var s = selected();
      var count = 0;
      cards.forEach(function (card, i) {
        var ok = matches(values[i], s, null);
        card.hidden = !ok;
        if (ok) count += 1;
      });
      if (shown) shown.textContent = String(count);
      // Each option's count: how many measures it would show together with the other filters.
      form.querySelectorAll("[data-count-for]").forEach(function (el) {
        var key = el.getAttribute("data-count-for").split(":");
        var n = 0;
        values.forEach(function (v) { if (matches(v, s, key[0]) && v[key[0]].indexOf(key[1]) >= 0) n += 1; });
        el.textContent = "(" + n + ")";
      });
      var params = new URLSearchParams();
      names.forEach(function (n) { s[n].forEach(function (x) { params.append(n, x); }); });
      var query = params.toString();
      history.replaceState(null, "", query ? "?" + query : location.pathname);
    }
    // Restore choices from the address, so a filtered list can be shared as a link.
    var initial = new URLSearchParams(location.search);
    form.querySelectorAll("input[type=checkbox]").forEach(function (input) {
      if (initial.getAll(input.name).indexOf(input.value) >= 0) input.checked = true;
    });
    form.addEventListener("change", update);
    form.addEventListener("reset", function () { setTimeout(update, 0); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    // Open the filters beside the list on wide screens; on a phone they stay folded above it.
    var box = form.querySelector("[data-ciivs-facets-box]");
    if (box && (window.matchMedia("(min-width: 60em)").matches || location.search)) box.open = true;
    update();
  }

  /* ---------- Search page (Pagefind) ---------- */
  // For the same match a measure ranks above an institution, a target group, an article or a
  // list: citizens come for an offer. Pages carry their kind as a Pagefind filter.
  var MEASURE_BOOST = 1.5;
  var EASY_DAMPING = 0.3;  // easy-read pages: found for their own words, after the measures
  // Without a page that holds every word, the search tries fewer words (up to this many words
  // are combined; the rest of a long query is left out).
  var MAX_WORDS = 6;

  function words(q) { return q.split(/\s+/).filter(Boolean); }
  function combinations(list, k) {
    if (k === 0) return [[]];
    if (list.length < k) return [];
    var first = list[0], rest = list.slice(1);
    return combinations(rest, k - 1).map(function (c) { return [first].concat(c); })
      .concat(combinations(rest, k));
  }

  // An entry's own page ranks first for its name or abbreviation (meta fields set by the
  // templates of measures, institutions and programmes); pages that mention it follow.
  var RANKING = { metaWeights: { title: 5, name: 5, abbr: 10 } };
  // A query of one short word (AI, IV, ORP, CMS) is read as an abbreviation: pages holding that
  // exact word come before pages whose longer words only start with it (Pagefind also matches
  // the beginnings of words, which is what finds "apprentissage" from a mistyped "apprentisage").
  // A reader's query of one long word is a word whose forms vary (apprentissage, apprentis,
  // apprentie), or a mistyped one that Pagefind matches by its stem: a form of the typed length
  // is not preferred over the others. (Not for one word kept from a longer query.)
  function rankingFor(q, asked) {
    var w = words(q);
    var abbreviation = w.length === 1 && w[0].length <= 3;
    var long = w.length === 1 && w[0].length >= 10 && q === asked;
    // Always said: Pagefind keeps an option from one search to the next (its default is 1.0).
    var similarity = abbreviation ? 2.0 : long ? 0 : 1.0;
    return Object.assign({}, RANKING, { termSimilarity: similarity });
  }

  // One search, measures first: Pagefind's score, raised for measure pages and lowered for
  // easy-read pages (their short sentences repeat a measure's words; the measure's result
  // offers its easy-read version, so they need not crowd out other measures). Every indexed
  // page but a measure's has a kind filter (search-block.html, main.html): the filter's file
  // then stays small however many measures there are, and a page without one is a measure.
  function ranked(pf, q, asked) {
    return Promise.all([otherKinds(pf), pf.options({ ranking: rankingFor(q, asked) })]).then(function (ready) {
      var others = ready[0];
      return Promise.all([
        pf.search(q),
        others.length ? pf.search(q, { filters: { kind: { any: others } } }) : { results: [] },
        pf.search(q, { filters: { kind: "easy-read" } })
      ]);
    }).then(function (all) {
      var factor = {};
      all[0].results.forEach(function (r) { factor[r.id] = MEASURE_BOOST; });
      all[1].results.forEach(function (r) { factor[r.id] = 1; });
      all[2].results.forEach(function (r) { factor[r.id] = EASY_DAMPING; });
      return all[0].results.map(function (r) {
        return { result: r, score: r.score * factor[r.id] };
      }).sort(function (a, b) { return b.score - a.score; }).map(function (x) { return x.result; });
    });
  }

  // The kinds of the pages that are no measure, read once from the index (its one filter file).
  var kindsRead = null;
  function otherKinds(pf) {
    if (!kindsRead) {
      kindsRead = pf.filters().then(function (f) { return Object.keys((f && f.kind) || {}); });
    }
    return kindsRead;
  }

  // The whole query; else the largest set of its words that some page holds (the set whose best
  // page scores highest); else each word shortened, for a typing mistake at its end. Pagefind
  // itself leaves out a word that no page holds: then the results are for the other words, and
  // the reader is told so too.
  function searchRelaxed(pf, q) {
    var all = words(q);
    return ranked(pf, q, q).then(function (results) {
      if (all.length < 2) return results.length ? { results: results, kept: null } : fewer(pf, all);
      return Promise.all(all.map(function (w) { return pf.search(w); })).then(function (singles) {
        var held = all.filter(function (w, i) { return singles[i].results.length > 0; });
        if (held.length === all.length) {
          return results.length ? { results: results, kept: null } : fewer(pf, all);
        }
        if (!held.length) return fewer(pf, all);
        return ranked(pf, held.join(" ")).then(function (list) {
          return list.length ? { results: list, kept: held } : fewer(pf, held);
        });
      });
    });
  }
  function fewer(pf, all) {
    var ws = all.slice(0, MAX_WORDS);
    var tries = [];
    for (var k = ws.length - 1; k >= 1; k--) tries.push(combinations(ws, k));
    var shortened = [];
    ws.forEach(function (w) {
      for (var n = w.length - 1; n >= Math.max(4, w.length - 3); n--) shortened.push([w.slice(0, n)]);
    });
    tries.push(shortened);
    return tries.reduce(function (done, sets) {
      return done.then(function (found) {
        if (found) return found;
        return Promise.all(sets.map(function (set) { return ranked(pf, set.join(" ")); })).then(function (lists) {
          var best = null;
          lists.forEach(function (list, i) {
            if (list.length && (!best || list[0].score > best.results[0].score)) best = { results: list, kept: sets[i] };
          });
          return best;
        });
      });
    }, Promise.resolve(null)).then(function (found) { return found || { results: [], kept: null }; });
  }

  function setupSearch(root) {
    var form = root.querySelector("[data-ciivs-search-form]");
    var input = form.querySelector("input[name=q]");
    var status = root.querySelector("[data-ciivs-search-status]");
    var results = root.querySelector("[data-ciivs-search-results]");
    var help = root.querySelector("[data-ciivs-search-help]");
    // The bundle path is relative to the page. import() in a classic script resolves against
    // the script's own URL (assets/ciivs/), so make it absolute first.
    var bundle = new URL(root.getAttribute("data-bundle"), document.baseURI).href;
    var pagefind = null;
    var latest = 0;

    function say(template, q, n) {
      return template.replace("{q}", q).replace("{n}", String(n));
    }
    // "… pages with *femmes* and *activité*": the kept words, emphasised, in the status line.
    function sayKept(template, kept, n) {
      status.textContent = "";
      var parts = say(template, "", n).split("{words}");
      status.appendChild(document.createTextNode(parts[0]));
      kept.forEach(function (w, i) {
        if (i > 0) status.appendChild(document.createTextNode(i === kept.length - 1 ? root.getAttribute("data-and") : ", "));
        var em = document.createElement("em");
        em.textContent = w;
        status.appendChild(em);
      });
      status.appendChild(document.createTextNode(parts[1] || ""));
    }
    function load() {
      if (!pagefind) {
        // noWorker: Pagefind searches on the page instead of in a web worker, which downloads
        // its own copy of Pagefind's script (12 KB gzipped) for searches that take milliseconds.
        // Options given before init() are its start options; init() before any other options()
        // call, which would otherwise replace them (and the worker would start after all).
        pagefind = import(bundle + "pagefind.js").then(function (pf) {
          return pf.options({ excerptLength: 24, ranking: RANKING, noWorker: true })
            .then(function () { return pf.init(); })
            .then(function () { return pf; });
        });
      }
      return pagefind;
    }
    // Results come ten at a time: each shown result costs a download (its Pagefind fragment),
    // and the first answer matters most. "More results" loads the next ten.
    var PAGE = 10;
    var more = root.querySelector("[data-ciivs-search-more]");
    // Hidden through its paragraph: Material's button style would override `hidden` on the button.
    var moreBox = more && more.parentNode;
    var found = [];
    var shown = 0;

    function describe(meta) {
      // "Mesure · En cours · Pour : Jeunes en formation professionnelle"
      var parts = [meta.kind, meta.status].filter(Boolean);
      if (meta["for"]) parts.push(root.getAttribute("data-for") + " " + meta["for"]);
      return parts.join(" · ");
    }
    function show(ticket) {
      var slice = found.slice(shown, shown + PAGE);
      return Promise.all(slice.map(function (r) { return r.data(); })).then(function (items) {
        if (ticket !== latest) return null;
        var first = null;
        items.forEach(function (item) {
          var li = document.createElement("li");
          var h = document.createElement("h3");
          var a = document.createElement("a");
          var meta = item.meta || {};
          a.href = item.url;
          a.textContent = meta.title || item.url;
          h.appendChild(a);
          li.appendChild(h);
          var what = describe(meta);
          if (what) {
            var kind = document.createElement("p");
            kind.className = "ciivs-search-kind";
            kind.textContent = what;
            li.appendChild(kind);
          }
          // A measure's easy-read text (its address is relative to the measure's page).
          if (meta.easy) {
            var easy = document.createElement("p");
            easy.className = "ciivs-search-easy";
            var link = document.createElement("a");
            link.href = new URL(meta.easy, new URL(item.url, location.href)).href;
            link.textContent = root.getAttribute("data-easy");
            easy.appendChild(link);
            li.appendChild(easy);
          }
          var p = document.createElement("p");
          // Pagefind's excerpt is escaped text of our own pages with <mark> around matches.
          p.innerHTML = item.excerpt;
          li.appendChild(p);
          results.appendChild(li);
          first = first || a;
        });
        shown += items.length;
        if (moreBox) moreBox.hidden = shown >= found.length;
        return first;
      });
    }
    function run(q) {
      var ticket = ++latest;
      q = q.trim();
      var params = new URLSearchParams(location.search);
      if (q) params.set("q", q); else params.delete("q");
      history.replaceState(null, "", params.toString() ? "?" + params.toString() : location.pathname);
      found = [];
      shown = 0;
      if (moreBox) moreBox.hidden = true;
      if (!q) { results.innerHTML = ""; status.textContent = ""; if (help) help.hidden = false; return; }
      status.textContent = root.getAttribute("data-loading");
      var kept = null;
      load().then(function (pf) { return searchRelaxed(pf, q); }).then(function (search) {
        if (ticket !== latest) return null;
        results.innerHTML = "";
        found = search.results;
        kept = search.kept;
        return show(ticket);
      }).then(function () {
        if (ticket !== latest) return;
        // Nothing found: the situations, the list and whom to contact stay in view.
        if (help) help.hidden = found.length > 0;
        // The total number found, not only the number shown so far.
        if (!found.length) status.textContent = say(root.getAttribute("data-none"), q, 0);
        else if (kept) sayKept(root.getAttribute("data-fewer"), kept, found.length);
        else status.textContent = say(root.getAttribute("data-count"), q, found.length);
      }).catch(function () {
        if (ticket !== latest) return;
        if (help) help.hidden = false;
        status.textContent = say(root.getAttribute("data-none"), q, 0);
      });
    }
    if (more) {
      more.addEventListener("click", function () {
        more.disabled = true;
        show(latest).then(function (first) {
          more.disabled = false;
          if (first) first.focus();  // keyboard and screen reader users continue at the new results
        });
      });
    }
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value); }, 250);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); run(input.value); });
    var q = new URLSearchParams(location.search).get("q");
    if (q) { input.value = q; run(q); }
  }

  /* ---------- The language switch keeps the page's state ----------
     Filters and the search write their state in the address (?groups=…, ?q=…); the other
     language's page reads the same parameters, so the switch carries them over. The link is
     updated just before it is used (pointer, focus, click), as the state changes meanwhile. */
  function keepState(event) {
    var link = event.target.closest && event.target.closest("a.md-select__link[hreflang]");
    if (!link) return;
    var base = link.getAttribute("href").split(/[?#]/)[0];
    link.setAttribute("href", base + location.search + location.hash);
  }

  function start() {
    ["mouseover", "focusin", "click"].forEach(function (type) {
      document.addEventListener(type, keepState, true);
    });
    document.querySelectorAll("[data-ciivs-facets]").forEach(setupFacets);
    document.querySelectorAll("[data-ciivs-search]").forEach(setupSearch);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
