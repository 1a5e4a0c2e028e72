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
  function setupSearch(root) {
    var form = root.querySelector("[data-ciivs-search-form]");
    var input = form.querySelector("input[name=q]");
    var status = root.querySelector("[data-ciivs-search-status]");
    var results = root.querySelector("[data-ciivs-search-results]");
    var bundle = root.getAttribute("data-bundle");
    var pagefind = null;
    var latest = 0;

    function say(template, q, n) {
      return template.replace("{q}", q).replace("{n}", String(n));
    }
    function load() {
      if (!pagefind) {
        pagefind = import(bundle + "pagefind.js").then(function (pf) {
          return pf.options({ excerptLength: 24 }).then(function () { return pf; });
        });
      }
      return pagefind;
    }
    function run(q) {
      var ticket = ++latest;
      q = q.trim();
      var params = new URLSearchParams(location.search);
      if (q) params.set("q", q); else params.delete("q");
      history.replaceState(null, "", params.toString() ? "?" + params.toString() : location.pathname);
      if (!q) { results.innerHTML = ""; status.textContent = ""; return; }
      status.textContent = root.getAttribute("data-loading");
      load().then(function (pf) { return pf.search(q); }).then(function (search) {
        return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
      }).then(function (items) {
        if (ticket !== latest) return;
        results.innerHTML = "";
        items.forEach(function (item) {
          var li = document.createElement("li");
          var h = document.createElement("h3");
          var a = document.createElement("a");
          a.href = item.url;
          a.textContent = (item.meta && item.meta.title) || item.url;
          h.appendChild(a);
          var p = document.createElement("p");
          // Pagefind's excerpt is escaped text of our own pages with <mark> around matches.
          p.innerHTML = item.excerpt;
          li.appendChild(h);
          li.appendChild(p);
          results.appendChild(li);
        });
        status.textContent = items.length ? say(root.getAttribute("data-count"), q, items.length)
                                          : say(root.getAttribute("data-none"), q, 0);
      }).catch(function () { status.textContent = say(root.getAttribute("data-none"), q, 0); });
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

  function start() {
    document.querySelectorAll("[data-ciivs-facets]").forEach(setupFacets);
    document.querySelectorAll("[data-ciivs-search]").forEach(setupSearch);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
