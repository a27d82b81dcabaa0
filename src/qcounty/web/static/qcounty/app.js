// Draw the second-level chart of the score panel, and again after htmx replaces the panel.
(function () {
  function draw(root) {
    if (typeof echarts === "undefined") return;
    root.querySelectorAll(".chart[data-chart='second-level']").forEach(function (el) {
      var script = el.parentElement.querySelector("script.chart-data");
      if (!script) return;
      var data = JSON.parse(script.textContent);
      var chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: "svg" });
      chart.setOption({
        grid: { left: 80, right: 10, top: 10, bottom: 20 },
        xAxis: { type: "value" },
        yAxis: { type: "category", data: data.names, inverse: true, axisLabel: { fontSize: 11, interval: 0 } },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        series: [
          { name: "得分", type: "bar", stack: "s", data: data.points, itemStyle: { color: "#9b1c1c" } },
          { name: "失分", type: "bar", stack: "s", data: data.lost, itemStyle: { color: "#e5e7eb" } },
        ],
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSwap", function (e) { draw(e.target); });
})();

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
