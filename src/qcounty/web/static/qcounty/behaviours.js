// What the Content-Security-Policy (no inline script or style) asks of every page, loaded before
// the page's own scripts: behaviours declared by data- attributes instead of inline handlers and
// style attributes, and chart tooltips without inline styles.

// Behaviours that would otherwise be inline attributes, which the Content-Security-Policy
// refuses: bar widths (data-width, a percentage), a confirmation before a form is sent
// (data-confirm), a select that sends its form (data-autosubmit), a print button (data-print).
(function () {
  function sizeBars(root) {
    root.querySelectorAll("[data-width]").forEach(function (el) {
      var percent = Math.max(0, Math.min(100, parseFloat(el.dataset.width) || 0));
      el.style.width = percent + "%";  // CSSOM, which the policy allows, unlike a style attribute
    });
  }
  document.addEventListener("DOMContentLoaded", function () { sizeBars(document); });
  document.addEventListener("htmx:load", function (e) { sizeBars(e.target); });
  document.addEventListener("submit", function (e) {
    var message = e.target.dataset && e.target.dataset.confirm;
    if (message && !window.confirm(message)) e.preventDefault();
  });
  document.addEventListener("change", function (e) {
    if (e.target.matches && e.target.matches("select[data-autosubmit]") && e.target.form) e.target.form.submit();
  });
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("[data-print]")) window.print();
  });
})();

// ECharts' default tooltips are HTML with inline style attributes (the colour markers), which the
// Content-Security-Policy refuses; these formatters give the same content without them (text
// escaped, since ECharts inserts a formatter's result as HTML). Every chart's tooltip uses one.
window.qcountyTooltip = (function () {
  function esc(text) {
    return String(text === null || text === undefined ? "" : text)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function num(v) {
    if (typeof v !== "number") return esc(v === null || v === undefined ? "–" : v);
    return String(Math.round(v * 100) / 100);
  }
  function named(p) {  // an unnamed series is called "series\0<index>" by ECharts
    return p.seriesName && p.seriesName.indexOf("series\u0000") !== 0 ? esc(p.seriesName) + "：" : "";
  }
  return {
    esc: esc,
    // trigger: "axis": the category, then each series' value
    axis: function (params) {
      var ps = Array.isArray(params) ? params : [params];
      if (!ps.length) return "";
      return esc(ps[0].axisValueLabel || ps[0].name) + ps.map(function (p) {
        return "<br>" + named(p) + num(Array.isArray(p.value) ? p.value[p.value.length - 1] : p.value);
      }).join("");
    },
    // a radar's item: the line's name, then each indicator's value
    radar: function (indicators) {
      return function (p) {
        return esc(p.name) + (p.value || []).map(function (v, i) {
          return "<br>" + esc(indicators[i]) + "：" + num(v);
        }).join("");
      };
    },
  };
})();
