/*
 * "These figures are N days old": shown when the date the page's figures are computed for is more than
 * 2 days before the reader's own today, which only happens when the daily rebuild has stopped. The page
 * states its as-of date in <meta name="dcterms.modified"> and at the top of the page; without
 * JavaScript the date alone stays there. Days are whole calendar days in the reader's time zone.
 */
(function () {
  "use strict";

  var MAX_DAYS = 2;
  var DAY_MS = 86400000;

  function ready(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  ready(function () {
    var meta = document.querySelector('meta[name="dcterms.modified"]');
    var slot = document.querySelector(".figures-age");
    if (!meta || !slot) {
      return;
    }
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(meta.getAttribute("content") || "");
    if (!parts) {
      return;
    }
    var asOf = Date.UTC(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3]));
    var now = new Date();
    var today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
    var days = Math.round((today - asOf) / DAY_MS);
    if (days > MAX_DAYS) {
      slot.textContent = " These figures are " + days + " days old: the site has not been updated since then.";
      slot.hidden = false;
      slot.parentNode.classList.add("figures-as-of--stale");
    }
  });
})();
