/* Embedded measure list (/embed/mesures/): apply the address's filters as the measure list does
   (for every filter given, a measure shows when it has one of the values), and let the source
   link lead to the full list with the same filters. Without JavaScript every measure shows. */
(function () {
  "use strict";
  var params = new URLSearchParams(location.search);
  var names = [];
  params.forEach(function (_value, name) { if (names.indexOf(name) < 0) names.push(name); });
  document.querySelectorAll("[data-ciivs-embed] > li").forEach(function (item) {
    item.hidden = !names.every(function (name) {
      var has = (item.getAttribute("data-" + name) || "").split(" ");
      return params.getAll(name).some(function (value) { return has.indexOf(value) >= 0; });
    });
  });
  var source = document.querySelector("[data-ciivs-embed-source]");
  if (source && location.search) source.setAttribute("href", source.getAttribute("href") + location.search);
})();
