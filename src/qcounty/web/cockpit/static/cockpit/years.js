// The multi-year view's chart: each year's points by first-level indicator, side by side, the
// total in the legend. Numbers come from the page (computed by the engine), never from here.
(function () {
  var COLOURS = ["#9aa5b1", "#0b5394", "#9b1c1c", "#b7791f", "#2f855a"];

  function draw() {
    var el = document.querySelector(".chart[data-chart='years']");
    var script = document.getElementById("years-chart-data");
    if (!el || !script || typeof echarts === "undefined") return;
    var d = JSON.parse(script.textContent);
    if (!d.years.length) { el.style.display = "none"; return; }
    var label = function (i) { return d.years[i] + " 年（" + d.totals[i].toFixed(2) + " 分）"; };
    var chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 48, right: 20, top: 40, bottom: 40 },
      legend: { top: 0, data: d.years.map(function (y, i) { return label(i); }) },
      tooltip: {
        trigger: "axis", axisPointer: { type: "shadow" },
        formatter: function (items) {
          var k = items[0].dataIndex;
          return qcountyTooltip.esc(d.levels[k]) + "（满分 " + d.most[k] + "）" + items.map(function (it) {
            // null: the year's node does not compare with the newest scheme's (versions' mapping)
            var shown = it.value == null ? "不可比" : Number(it.value).toFixed(2) + " 分";
            return "<br>" + qcountyTooltip.esc(it.seriesName) + "：" + shown;
          }).join("");
        },
      },
      xAxis: { type: "category", data: d.levels, axisLabel: { interval: 0, fontSize: 12 } },
      yAxis: { type: "value", name: "分", min: 0 },
      series: d.years.map(function (y, i) {
        return {
          name: label(i), type: "bar", data: d.points[i], barMaxWidth: 28,
          itemStyle: { color: COLOURS[(COLOURS.length - d.years.length + i + COLOURS.length) % COLOURS.length] },
          label: { show: true, position: "top", fontSize: 10, formatter: function (p) { return p.value == null ? "" : Number(p.value).toFixed(2); } },
        };
      }),
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
