/*
 * "Exit this page", in the manner of the GOV.UK Design System component.
 *
 * Without JavaScript the control is a plain link to a neutral site. With it, using the link (or pressing
 * Shift three times within five seconds) blanks the page at once and replaces it in the history with the
 * neutral site, so the Back button does not bring this page back.
 */
(function () {
  "use strict";

  var PRESSES_NEEDED = 3;
  var WINDOW_MS = 5000;

  function ready(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  ready(function () {
    var link = document.querySelector(".exit-this-page__link");
    if (!link) {
      return;
    }
    var destination = link.getAttribute("href");

    // Tell screen reader users about the shortcut, and announce each press.
    var hint = document.createElement("span");
    hint.className = "visually-hidden";
    hint.textContent = " (or press Shift 3 times)";
    link.appendChild(hint);
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    link.parentNode.appendChild(status);

    function exit(event) {
      if (event) {
        event.preventDefault();
      }
      document.documentElement.classList.add("exit-this-page-active");
      var overlay = document.createElement("div");
      overlay.className = "exit-this-page-overlay";
      overlay.textContent = "Loading.";
      document.body.appendChild(overlay);
      window.location.replace(destination);
    }

    link.addEventListener("click", exit);

    var presses = 0;
    var timer = null;

    function reset() {
      presses = 0;
      if (timer) {
        window.clearTimeout(timer);
        timer = null;
      }
    }

    document.addEventListener("keyup", function (event) {
      if (event.key !== "Shift") {
        reset();
        return;
      }
      presses += 1;
      if (timer) {
        window.clearTimeout(timer);
      }
      timer = window.setTimeout(function () {
        reset();
        status.textContent = "Exit this page expired.";
      }, WINDOW_MS);
      if (presses >= PRESSES_NEEDED) {
        reset();
        status.textContent = "Exiting this page.";
        exit(null);
      } else {
        var left = PRESSES_NEEDED - presses;
        status.textContent = "Shift, press " + left + (left === 1 ? " more time" : " more times") + " to exit.";
      }
    });

    // Coming back through the browser's cache: show the page again.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        document.documentElement.classList.remove("exit-this-page-active");
        var overlay = document.querySelector(".exit-this-page-overlay");
        if (overlay) {
          overlay.parentNode.removeChild(overlay);
        }
      }
    });
  });
})();
