/* The form editor's glue between Decap CMS and the catalogue (built into /admin/ by
 * scripts/ciivs/editors/admin.py; nothing here names a field of a kind).
 *
 * - loads the forms of the page's language (config.<lang>.json, made from the schemas);
 * - reads each kind's YAML files with js-yaml and writes them in the catalogue's canonical style
 *   (canonical-yaml.js, the twin of scripts/ciivs/editors/canonical.py), so that a change of one
 *   field changes only that field's lines;
 * - shows a "web address, or one per language" field as one box per language, and writes it back
 *   as a single address when only the first language is given;
 * - gives a new entry its permanent uuid before its first save.
 */
window.CMS_MANUAL_INIT = true;

(function () {
  "use strict";

  var meta = document.querySelector('meta[name="ciivs-editor"]');
  var lang = meta.getAttribute("content");
  var base = meta.getAttribute("data-base") || "";

  function load(name) {
    return fetch(base + name, { cache: "no-cache" }).then(function (response) {
      if (!response.ok) throw new Error(name + ": HTTP " + response.status);
      return response.json();
    });
  }

  /* The value at a dotted path of an object, and a way to replace it. */
  function visit(data, path, change) {
    var keys = path.split(".");
    var holder = data;
    for (var i = 0; i < keys.length - 1; i++) {
      if (!holder || typeof holder !== "object") return;
      holder = holder[keys[i]];
    }
    var last = keys[keys.length - 1];
    if (holder && typeof holder === "object" && last in holder) {
      holder[last] = change(holder[last]);
    }
  }

  function expand(data, unions, first) {
    unions.forEach(function (path) {
      visit(data, path, function (value) {
        if (typeof value !== "string") return value;
        var object = {};
        object[first] = value;
        return object;
      });
    });
    return data;
  }

  function collapse(data, unions, first) {
    unions.forEach(function (path) {
      visit(data, path, function (value) {
        if (!value || typeof value !== "object") return value;
        var given = Object.keys(value).filter(function (key) {
          return value[key] !== "" && value[key] !== null && value[key] !== undefined;
        });
        return given.length === 1 && given[0] === first ? value[first] : value;
      });
    });
    return data;
  }

  function start(config, formats) {
    var first = formats.languages[0];
    Object.keys(formats.kinds).forEach(function (kind) {
      var format = formats.kinds[kind];
      window.CMS.registerCustomFormat("ciivs-" + kind, "yml", {
        fromFile: function (text) {
          // The core schema reads what the catalogue's check reads: dates stay strings.
          var data = window.jsyaml.load(text, { schema: window.jsyaml.CORE_SCHEMA }) || {};
          return expand(data, format.unions, first);
        },
        toFile: function (data) {
          var plain = JSON.parse(JSON.stringify(data));
          return window.ciivsYaml.dump(collapse(plain, format.unions, first), format.shape, format.header);
        },
      });
    });
    window.CMS.registerEventListener({
      name: "preSave",
      handler: function (event) {
        var data = event.entry.get("data");
        return data.get("uuid") ? data : data.set("uuid", window.crypto.randomUUID());
      },
    });
    window.CMS.init({ config: config });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Promise.all([load("config." + lang + ".json"), load("formats.json")])
      .then(function (loaded) {
        start(loaded[0], loaded[1]);
      })
      .catch(function (error) {
        document.body.textContent = String(error);
      });
  });
})();
