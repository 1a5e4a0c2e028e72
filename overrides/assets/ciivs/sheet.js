/* CII Valais catalogue: the hand-off sheet (/fiche/?m=<id>&m=<id>, /de/fiche/…) and the
   "Add to my sheet" buttons. Plain JavaScript, no library but the QR code generator the build
   copies into the site. Nothing is sent anywhere: the selection lives in the sheet's address and,
   while the reader browses, in this browser's local storage (the sheet says so and offers to
   clear it). Every text shown comes from data attributes (the catalogue's labels); anything read
   from the address is shown as text, never as HTML. */
(function () {
  "use strict";

  var KEY = "ciivs-sheet";
  var ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var LONGEST = 60;  // characters of an unknown value shown in a message

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }
  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (whole, key) {
      return has(values, key) ? String(values[key]) : whole;
    });
  }
  function words(el, key) { return el.getAttribute("data-l-" + key) || ""; }

  /* ---------- The selection kept while browsing ---------- */
  function stored() {
    try {
      var ids = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(ids) ? ids.filter(function (id) { return typeof id === "string" && ID.test(id); }) : [];
    } catch (e) { return []; }
  }
  function store(ids) {
    try {
      if (ids.length) window.localStorage.setItem(KEY, JSON.stringify(ids));
      else window.localStorage.removeItem(KEY);
    } catch (e) { /* storage refused (private mode): the address still holds the sheet */ }
  }
  function query(ids, also) {
    var params = new URLSearchParams();
    ids.forEach(function (id) { params.append("m", id); });
    if (also) params.set("also", also);
    return params.toString();
  }

  /* ---------- Every page: the bar and the "Add to my sheet" buttons ---------- */
  function setupBar(bar, onSheet) {
    var max = parseInt(bar.getAttribute("data-max"), 10) || 12;
    var said = document.querySelector("[data-ciivs-sheet-said]");
    var count = bar.querySelector("[data-ciivs-sheet-bar-count]");
    var open = bar.querySelector("[data-ciivs-sheet-open]");
    var sheet = bar.getAttribute("data-sheet");
    var section = bar.getAttribute("data-section") || "mesures";
    var measurePath = new RegExp("/" + section + "/([a-z0-9]+(?:-[a-z0-9]+)*)/(?:index\\.html)?$");
    var buttons = [];

    function say(text) {
      if (!said) return;
      said.textContent = "";
      window.setTimeout(function () { said.textContent = text; }, 50);
    }
    function refresh() {
      var ids = stored();
      bar.hidden = onSheet || ids.length === 0;
      count.textContent = fill(words(bar, "bar"), { n: ids.length });
      open.href = sheet + (ids.length ? "?" + query(ids) : "");
      buttons.forEach(function (b) {
        var inSheet = ids.indexOf(b.id) >= 0;
        b.el.textContent = words(bar, inSheet ? "remove" : "add");
        b.el.classList.toggle("ciivs-add--in", inSheet);
      });
    }
    function toggle(id, name) {
      var ids = stored();
      var at = ids.indexOf(id);
      if (at >= 0) {
        ids.splice(at, 1);
        store(ids);
        say(fill(words(bar, "removed"), { name: name }));
      } else if (ids.length >= max) {
        say(fill(words(bar, "full"), { max: max }));
      } else {
        ids.push(id);
        store(ids);
        say(fill(words(bar, "added"), { name: name, n: ids.length, max: max }));
      }
      refresh();
    }
    function addButton(host, id, name) {
      if (!ID.test(id)) return;
      var b = document.createElement("button");
      b.type = "button";
      b.className = "md-button ciivs-add";
      b.setAttribute("data-ciivs-add", id);
      b.addEventListener("click", function () { toggle(id, name); });
      host.appendChild(b);
      buttons.push({ el: b, id: id });
    }
    function nameOf(el) {
      var link = el.querySelector("h2 a, h3 a");
      return el.getAttribute("data-ciivs-name") || (link ? link.textContent.trim() : "");
    }
    document.querySelectorAll("[data-ciivs-measure]").forEach(function (el) {
      addButton(el, el.getAttribute("data-ciivs-measure"), nameOf(el));
    });
    // A finder answer: one button adds every measure it lists (as many as the sheet takes).
    document.querySelectorAll("[data-ciivs-add-all]").forEach(function (slot) {
      var items = Array.prototype.slice.call(slot.parentNode.querySelectorAll("[data-ciivs-measure]"));
      if (!items.length) return;
      var b = document.createElement("button");
      b.type = "button";
      b.className = "md-button ciivs-add-all";
      b.textContent = words(bar, "add-all");
      b.addEventListener("click", function () {
        var ids = stored();
        var last = null;
        var refused = false;
        items.forEach(function (el) {
          var id = el.getAttribute("data-ciivs-measure");
          if (ids.indexOf(id) >= 0) return;
          if (ids.length >= max) { refused = true; return; }
          ids.push(id);
          last = nameOf(el);
        });
        store(ids);
        if (refused) say(fill(words(bar, "full"), { max: max }));
        else if (last) say(fill(words(bar, "added"), { name: last, n: ids.length, max: max }));
        refresh();
      });
      slot.appendChild(b);
    });
    // Search results are written by site.js: each result that is a measure page gets a button.
    var results = document.querySelector("[data-ciivs-search-results]");
    if (results && window.MutationObserver) {
      new MutationObserver(function () {
        results.querySelectorAll("li").forEach(function (li) {
          if (li.hasAttribute("data-ciivs-measure")) return;
          var link = li.querySelector("h3 a");
          var found = link && new URL(link.getAttribute("href"), document.baseURI).pathname.match(measurePath);
          if (!found) return;
          li.setAttribute("data-ciivs-measure", found[1]);
          addButton(li, found[1], link.textContent.trim());
        });
        refresh();
      }).observe(results, { childList: true });
    }
    window.addEventListener("storage", refresh);  // another tab changed the sheet
    refresh();
    return { refresh: refresh, say: say };
  }

  /* ---------- The QR code of the sheet's own address ---------- */
  function loadQrcode(src) {
    return new Promise(function (done) {
      if (window.qrcode) { done(window.qrcode); return; }
      var script = document.createElement("script");
      script.src = src;
      script.onload = function () { done(window.qrcode || null); };
      script.onerror = function () { done(null); };
      document.head.appendChild(script);
    });
  }
  function drawQr(box, src, text, label) {
    loadQrcode(src).then(function (qrcode) {
      box.textContent = "";
      if (!qrcode) return;  // not installed: the address stays readable as text
      var qr = qrcode(0, "M");
      qr.addData(text);
      qr.make();
      var n = qr.getModuleCount();
      var border = 4;
      var size = n + 2 * border;
      var NS = "http://www.w3.org/2000/svg";
      var svg = document.createElementNS(NS, "svg");
      svg.setAttribute("viewBox", "0 0 " + size + " " + size);
      svg.setAttribute("class", "ciivs-qr");
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", label);
      svg.setAttribute("shape-rendering", "crispEdges");
      var background = document.createElementNS(NS, "rect");
      background.setAttribute("width", String(size));
      background.setAttribute("height", String(size));
      background.setAttribute("fill", "#fff");
      svg.appendChild(background);
      var d = "";
      for (var r = 0; r < n; r++) {
        for (var c = 0; c < n; c++) {
          if (qr.isDark(r, c)) d += "M" + (c + border) + " " + (r + border) + "h1v1h-1z";
        }
      }
      var path = document.createElementNS(NS, "path");
      path.setAttribute("d", d);
      path.setAttribute("fill", "#000");
      svg.appendChild(path);
      box.appendChild(svg);
    });
  }

  /* ---------- The sheet page ---------- */
  function setupSheet(root, bar) {
    var max = parseInt(root.getAttribute("data-max"), 10) || 12;
    var lang = root.getAttribute("data-lang");
    var others = (root.getAttribute("data-other") || "").split(" ").filter(Boolean);
    var cards = new URL(root.getAttribute("data-cards"), document.baseURI).href;
    var qrSource = new URL(root.getAttribute("data-qrcode"), document.baseURI).href;
    var publicAddress = root.getAttribute("data-public");
    var part = function (name) { return root.querySelector("[data-ciivs-sheet-" + name + "]"); };
    var messages = part("messages");
    var list = part("cards");
    var state = { ids: [], also: null };

    var params = new URLSearchParams(window.location.search);
    var asked = [];
    params.getAll("m").forEach(function (value) {
      value.split(",").forEach(function (v) { v = v.trim(); if (v) asked.push(v); });
    });
    var also = params.get("also");
    state.also = others.indexOf(also) >= 0 ? also : null;
    if (!asked.length) asked = stored();  // opened from the bar or the menu: the kept selection

    function message(text, kind) {
      var p = document.createElement("p");
      p.className = "ciivs-sheet__message" + (kind ? " ciivs-sheet__message--" + kind : "");
      p.textContent = text;
      messages.appendChild(p);
    }
    function quoted(values) {
      return values.map(function (v) {
        return "«" + (v.length > LONGEST ? v.slice(0, LONGEST) + "…" : v) + "»";
      }).join(", ");
    }
    function address() {
      var q = query(state.ids, state.also);
      return publicAddress + (q ? "?" + q : "");
    }
    function nameOf(item) {
      var title = item.querySelector(".ciivs-sheet-card__title");
      return title ? title.textContent.trim() : item.getAttribute("data-ciivs-sheet-item");
    }
    function updateTools() {
      var shown = state.ids.slice(0, max);
      var here = address();
      part("tools").hidden = shown.length === 0;
      part("head").hidden = shown.length === 0;
      part("empty").hidden = shown.length > 0;
      part("privacy").hidden = false;
      part("count").textContent = fill(words(root, "count"), { n: shown.length });
      var link = part("address");
      link.href = here;
      link.textContent = here;
      part("mail").href = "mailto:?subject=" + encodeURIComponent(words(root, "subject")) +
        "&body=" + encodeURIComponent(here);
      var languages = part("languages");
      languages.textContent = "";
      if (others.length) {
        var toggle = document.createElement("a");
        var other = state.also ? null : others[0];
        toggle.href = "?" + query(state.ids, other);
        toggle.textContent = other ? root.getAttribute("data-also-" + other) : words(root, "one");
        if (other) toggle.hreflang = other;
        languages.appendChild(toggle);
      }
      if (shown.length) drawQr(part("qr"), qrSource, here, words(root, "qr"));
    }
    function keep() {
      // The reader changed the sheet: its address and the kept selection follow.
      var q = query(state.ids, state.also);
      window.history.replaceState(null, "", q ? "?" + q : window.location.pathname);
      store(state.ids);
      if (bar) bar.refresh();
      updateTools();
    }
    function fetchCard(id, code) {
      return fetch(cards + id + "." + code + ".json").then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      }).then(function (data) {
        // The card is HTML the build wrote from the catalogue (escaped there), never the address.
        var doc = new DOMParser().parseFromString(String(data.html), "text/html");
        var card = doc.querySelector("article.ciivs-sheet-card");
        if (!card) throw new Error("no card");
        return document.importNode(card, true);
      });
    }
    function item(id, found) {
      var section = document.createElement("section");
      section.className = "ciivs-sheet-item";
      section.setAttribute("data-ciivs-sheet-item", id);
      var pair = document.createElement("div");
      pair.className = "ciivs-sheet-pair" + (found.length > 1 ? " ciivs-sheet-pair--two" : "");
      found.forEach(function (card) { pair.appendChild(card); });
      section.appendChild(pair);
      var title = found[0].querySelector(".ciivs-sheet-card__title");
      if (title && title.id === "") title.id = "ciivs-sheet-" + id;
      section.setAttribute("aria-labelledby", "ciivs-sheet-" + id);
      var tools = document.createElement("p");
      tools.className = "ciivs-sheet-item__tools";
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "md-button ciivs-sheet-item__remove";
      remove.setAttribute("data-ciivs-sheet-remove", id);
      remove.appendChild(document.createTextNode(words(root, "remove")));
      var who = document.createElement("span");
      who.className = "ciivs-sr-only";
      who.textContent = " – " + nameOf(section);
      remove.appendChild(who);
      remove.addEventListener("click", function () {
        var name = nameOf(section);
        var next = section.nextElementSibling || section.previousElementSibling;
        state.ids.splice(state.ids.indexOf(id), 1);
        section.parentNode.removeChild(section);
        keep();
        if (bar) bar.say(fill(words(root, "removed"), { name: name }));
        var focus = next && next.querySelector("[data-ciivs-sheet-remove]");
        (focus || part("count")).focus();
      });
      tools.appendChild(remove);
      section.appendChild(tools);
      return section;
    }
    function show(index) {
      var known = Object.create(null);
      index.ids.forEach(function (id) { known[id] = true; });
      var unknown = [];
      asked.forEach(function (value) {
        var id = value.toLowerCase();
        if (!known[id] && ID.test(id) && has(index.former, id)) {
          message(fill(words(root, "renamed"), { old: id, "new": index.former[id] }));
          id = index.former[id];
        }
        if (known[id]) {
          if (state.ids.indexOf(id) < 0) state.ids.push(id);
        } else if (unknown.indexOf(value) < 0) {
          unknown.push(value);
        }
      });
      if (unknown.length) message(fill(words(root, "unknown"), { ids: quoted(unknown) }), "warning");
      var extra = state.ids.slice(max);
      if (extra.length) message(fill(words(root, "too-many"), { max: max, ids: quoted(extra) }), "warning");
      var shown = state.ids.slice(0, max);
      if (!params.getAll("m").length && shown.length) {
        window.history.replaceState(null, "", "?" + query(state.ids, state.also));
      }
      updateTools();
      var codes = [lang].concat(state.also ? [state.also] : []);
      return Promise.all(shown.map(function (id) {
        return Promise.all(codes.map(function (code) { return fetchCard(id, code); }))
          .then(function (found) { return item(id, found); })
          .catch(function () { return id; });
      })).then(function (items) {
        var failed = [];
        items.forEach(function (found) {
          if (typeof found === "string") failed.push(found); else list.appendChild(found);
        });
        if (failed.length) message(fill(words(root, "failed"), { ids: quoted(failed) }), "warning");
        root.setAttribute("data-ciivs-sheet-ready", "");
      });
    }

    part("print").addEventListener("click", function () { window.print(); });
    part("copy").addEventListener("click", function () {
      var here = address();
      var done = function () { if (bar) bar.say(words(root, "copied")); };
      var failed = function () { if (bar) bar.say(words(root, "copy-failed")); };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(here).then(done, failed);
      else failed();
    });
    var share = part("share");
    if (navigator.share) {
      share.hidden = false;
      share.addEventListener("click", function () {
        navigator.share({ title: document.title, url: address() }).catch(function () {});
      });
    }
    part("forget").addEventListener("click", function () {
      store([]);
      if (bar) { bar.refresh(); bar.say(words(root, "forgotten")); }
      messages.textContent = "";
      message(words(root, "forgotten"));
    });
    part("count").setAttribute("tabindex", "-1");
    fetch(cards + "index.json").then(function (response) { return response.json(); })
      .then(show)
      .catch(function () {
        message(fill(words(root, "failed"), { ids: quoted(asked) }), "warning");
        root.setAttribute("data-ciivs-sheet-ready", "");
      });
  }

  function start() {
    var sheet = document.querySelector("[data-ciivs-sheet]");
    var barEl = document.querySelector("[data-ciivs-sheet-bar]");
    var bar = barEl ? setupBar(barEl, Boolean(sheet)) : null;
    if (sheet) setupSheet(sheet, bar);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
