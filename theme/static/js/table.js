/*
 * Sorting and filtering for tables marked `data-sortable`, as a progressive enhancement: without
 * JavaScript every row is in the page, in a sensible order, and nothing here is needed to read it.
 *
 * Sorting: each header cell with `data-sort="text|number"` gets a button; cells may carry
 * `data-sort-value` to sort by something other than their text. `aria-sort` tells assistive technology
 * the current order. Filtering: a hidden `.table-filter[data-filter-for=<table id>]` block is revealed
 * and hides the rows whose text does not contain what is typed.
 */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  function cellValue(row, index, type) {
    var cell = row.cells[index];
    if (!cell) {
      return type === "number" ? 0 : "";
    }
    var raw = cell.hasAttribute("data-sort-value") ? cell.getAttribute("data-sort-value") : cell.textContent;
    if (type === "number") {
      var number = parseFloat(raw);
      return isNaN(number) ? 0 : number;
    }
    return raw.trim().toLowerCase();
  }

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    var body = table.tBodies[0];
    if (!body) {
      return;
    }
    // Remember the original order so ties always break the same way.
    Array.prototype.forEach.call(body.rows, function (row, i) {
      row.setAttribute("data-original-order", String(i));
    });

    Array.prototype.forEach.call(headers, function (th, index) {
      var type = th.getAttribute("data-sort");
      if (!type) {
        return;
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) {
        button.appendChild(th.firstChild);
      }
      th.appendChild(button);
      if (!th.hasAttribute("aria-sort")) {
        th.setAttribute("aria-sort", "none"); // the column the page was sorted by keeps its state
      }

      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) {
          if (other.hasAttribute("aria-sort")) {
            other.setAttribute("aria-sort", "none");
          }
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index, type);
          var y = cellValue(b, index, type);
          var order = x < y ? -1 : x > y ? 1 : 0;
          if (!ascending) {
            order = -order;
          }
          if (order === 0) {
            order = Number(a.getAttribute("data-original-order")) - Number(b.getAttribute("data-original-order"));
          }
          return order;
        });
        rows.forEach(function (row) {
          body.appendChild(row);
        });
      });
    });
  }

  function makeFilterable(container) {
    var table = document.getElementById(container.getAttribute("data-filter-for"));
    var input = container.querySelector("input");
    var count = container.querySelector(".filter-count");
    if (!table || !input || !table.tBodies[0]) {
      return;
    }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    container.hidden = false;

    function apply() {
      var query = input.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var match = query === "" || row.textContent.toLowerCase().indexOf(query) !== -1;
        row.hidden = !match;
        if (match) {
          shown += 1;
        }
      });
      if (count) {
        count.textContent = query === "" ? "" : "Showing " + shown + " of " + rows.length + " platforms.";
      }
    }

    input.addEventListener("input", apply);
    apply();
  }

  ready(function () {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll(".table-filter[data-filter-for]"), makeFilterable);
  });
})();
