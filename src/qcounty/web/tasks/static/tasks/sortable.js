// Sort a table.sortable by the column whose header is clicked (again: the other way round).
// Cells may carry data-value (a number or text) to sort by instead of their shown text.
(function () {
  function value(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var raw = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
    return raw;
  }
  function compare(kind) {
    return function (a, b) {
      if (kind === "number") return parseFloat(a) - parseFloat(b);
      return a.localeCompare(b, "zh-Hans-CN");
    };
  }
  function sort(table, th) {
    var index = Array.prototype.indexOf.call(th.parentElement.children, th);
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th[aria-sort]").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var cmp = compare(th.getAttribute("data-sort"));
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var a = value(r1, index), b = value(r2, index);
      if (a === "" || b === "") return (a === "") - (b === ""); // empty cells last, either way
      var c = cmp(a, b);
      return ascending ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table.sortable").forEach(function (table) {
      table.querySelectorAll("th[data-sort]").forEach(function (th) {
        th.setAttribute("tabindex", "0");
        th.addEventListener("click", function () { sort(table, th); });
        th.addEventListener("keydown", function (e) {
          if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(table, th); }
        });
      });
    });
  });
})();
