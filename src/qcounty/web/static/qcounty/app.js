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
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, formatter: qcountyTooltip.axis },
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
