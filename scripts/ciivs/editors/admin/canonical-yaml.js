/*
 * The catalogue's canonical YAML style, in the browser: the twin of
 * scripts/ciivs/editors/canonical.py (its docstring states the rules). Both write the same text
 * byte for byte; tests/test_canonical.py runs this file with node over every entry file.
 *
 * A classic script, no build step, no dependency:
 *   <script src="canonical-yaml.js"></script>
 *   window.ciivsYaml.dump(data, shape, header)    // in a page
 *   require("./canonical-yaml.js").dump(...)      // under node
 * `shape` is the kind's key order as `canonical.shape(kind)` gives it, shipped as JSON.
 */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.ciivsYaml = api;
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // Rule 4: the largest whole number a double holds exactly, and the range where both
  // languages write decimals without an exponent.
  var MAX_SAFE_INTEGER = 9007199254740991;
  var SMALLEST = 1e-4;
  var LARGEST = 1e15;
  // Rule 5.
  var UNSAFE_START = " 0123456789-?:,[]{}#&*!|>'\"%@`+.~=<";
  var YAML_WORDS = /^(?:y|n|yes|no|true|false|on|off|null)$/i;
  // Rule 7.
  var ESCAPES = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r" };

  // A plain object, from this page or another frame (its prototype is a realm's Object.prototype,
  // the end of its chain): a Date or an instance of a class is refused when written, as in Python.
  function isMapping(value) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
    var proto = Object.getPrototypeOf(value);
    return proto === null || Object.getPrototypeOf(proto) === null;
  }

  function isEmpty(value) {
    if (value === null || value === undefined || value === "") return true;
    if (Array.isArray(value)) return value.length === 0;
    return isMapping(value) && Object.keys(value).length === 0;
  }

  // Rule 1: empty values out, at any depth.
  function prune(value) {
    if (Array.isArray(value)) {
      return value.map(prune).filter(function (item) { return !isEmpty(item); });
    }
    if (isMapping(value)) {
      var kept = {};
      Object.keys(value).forEach(function (key) {
        var item = prune(value[key]);
        if (!isEmpty(item)) kept[key] = item;
      });
      return kept;
    }
    return value;
  }

  function dump(data, shape, header) {
    header = header || "";
    if (!isMapping(data)) throw new TypeError("an entry is a mapping of fields");
    if (header.indexOf("\n") !== -1 || (header && header.charAt(0) !== "#")) {
      throw new RangeError("the header is one comment line");
    }
    var lines = header ? [header] : [];
    lines = lines.concat(mapping(prune(data), shape, 0));
    return lines.map(function (line) { return line + "\n"; }).join("");
  }

  function spaces(count) {
    return new Array(count + 1).join(" ");
  }

  // Rule 3.
  function mapping(data, shape, indent) {
    var order = isMapping(shape) ? Object.keys(shape) : [];
    var keys = order.filter(function (key) { return Object.prototype.hasOwnProperty.call(data, key); });
    Object.keys(data).forEach(function (key) {
      if (order.indexOf(key) === -1) keys.push(key);
    });
    var lines = [];
    keys.forEach(function (key) {
      var value = data[key];
      var sub = isMapping(shape) ? shape[key] : null;
      var head = spaces(indent) + plainOrQuoted(key) + ":";
      if (isMapping(value)) {
        lines.push(head);
        lines = lines.concat(mapping(value, sub, indent + 2));
      } else if (Array.isArray(value)) {
        lines.push(head);
        lines = lines.concat(sequence(value, sub, indent + 2));
      } else {
        var text = scalar(value, indent + 2);
        lines.push(head + " " + text[0]);
        lines = lines.concat(text.slice(1));
      }
    });
    return lines;
  }

  function sequence(items, shape, indent) {
    var itemShape = Array.isArray(shape) ? shape[0] : null;
    var dash = spaces(indent) + "- ";
    var lines = [];
    items.forEach(function (item) {
      var block;
      if (isMapping(item)) {
        block = mapping(item, itemShape, indent + 2);
      } else if (Array.isArray(item)) {
        block = sequence(item, itemShape, indent + 2);
      } else {
        block = scalar(item, indent + 2);
        block[0] = spaces(indent + 2) + block[0];
      }
      // The item's first line moves onto the dash: `- fr: …`, then `  de: …` below it.
      lines.push(dash + block[0].slice(indent + 2));
      lines = lines.concat(block.slice(1));
    });
    return lines;
  }

  function scalar(value, indent) {
    if (typeof value === "boolean") return [value ? "true" : "false"];
    if (typeof value === "number") return [number(value)];
    if (typeof value === "string") return string(value, indent);
    throw new TypeError("cannot write this value in an entry: " + String(value));
  }

  // Rule 4.
  function number(value) {
    if (!isFinite(value)) throw new RangeError(value + " is not a number an entry can hold");
    if (Number.isInteger(value)) {
      if (Math.abs(value) > MAX_SAFE_INTEGER) {
        throw new RangeError(value + " is too large to be written exactly by a browser");
      }
      return String(value); // -0 is written 0, as in Python
    }
    if (!(Math.abs(value) >= SMALLEST && Math.abs(value) < LARGEST)) {
      throw new RangeError(value + " is too small or too large to be written without an exponent");
    }
    return String(value);
  }

  // Rules 5 and 6.
  function string(text, indent) {
    if (text.indexOf("\n") === -1) return [plainOrQuoted(text)];
    if (!literal(text)) return [quoted(text)];
    var ending = text.charAt(text.length - 1) === "\n";
    var body = ending ? text.slice(0, -1) : text;
    var lines = body.split("\n").map(function (line) {
      return line ? spaces(indent) + line : "";
    });
    return [ending ? "|" : "|-"].concat(lines);
  }

  function plainOrQuoted(text) {
    return plain(text) ? text : quoted(text);
  }

  function plain(text) {
    return (
      text !== "" &&
      UNSAFE_START.indexOf(text.charAt(0)) === -1 &&
      " :".indexOf(text.charAt(text.length - 1)) === -1 &&
      text.indexOf(": ") === -1 &&
      text.indexOf(" #") === -1 &&
      !YAML_WORDS.test(text) &&
      allPrintable(text)
    );
  }

  function literal(text) {
    var body = text.charAt(text.length - 1) === "\n" ? text.slice(0, -1) : text;
    var lines = body.split("\n");
    return (
      lines[0] !== "" &&
      lines[0].charAt(0) !== " " &&
      lines[lines.length - 1] !== "" &&
      lines.every(function (line) {
        return line.charAt(line.length - 1) !== " " && allPrintable(line);
      })
    );
  }

  // Rule 7: false for a character that must be escaped.
  function printable(code) {
    return !(
      code < 0x20 ||
      (code >= 0x7f && code <= 0x9f) ||
      code === 0x2028 ||
      code === 0x2029 ||
      code === 0xfeff ||
      code === 0xfffe ||
      code === 0xffff ||
      (code >= 0xd800 && code <= 0xdfff)
    );
  }

  function allPrintable(text) {
    // for…of walks code points: an emoji is one, a lone surrogate is one too.
    for (var ch of text) {
      if (!printable(ch.codePointAt(0))) return false;
    }
    return true;
  }

  function quoted(text) {
    var out = '"';
    for (var ch of text) {
      var code = ch.codePointAt(0);
      if (Object.prototype.hasOwnProperty.call(ESCAPES, ch)) {
        out += ESCAPES[ch];
      } else if (printable(code)) {
        out += ch;
      } else if (code < 0x100) {
        out += "\\x" + hex(code, 2);
      } else {
        out += "\\u" + hex(code, 4);
      }
    }
    return out + '"';
  }

  function hex(code, width) {
    var digits = code.toString(16).toUpperCase();
    while (digits.length < width) digits = "0" + digits;
    return digits;
  }

  return { dump: dump, prune: prune };
});
