/* Permalink pages (/go/…): open the version in the first of the reader's languages the page
   offers; the links stay for readers without JavaScript or who prefer another language. */
(function () {
  "use strict";
  var links = document.querySelectorAll("[data-ciivs-go] a[hreflang]");
  var wanted = navigator.languages || [navigator.language || ""];
  for (var i = 0; i < wanted.length; i++) {
    var code = String(wanted[i]).toLowerCase().split("-")[0];
    for (var j = 0; j < links.length; j++) {
      if (links[j].getAttribute("hreflang") === code) {
        location.replace(links[j].href + location.search + location.hash);
        return;
      }
    }
  }
})();
