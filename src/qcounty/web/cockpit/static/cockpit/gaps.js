// The gap page's chart: points lost per indicator (values the core computed, in a JSON script).
(function () {
  function draw() {
    var el = document.querySelector(".chart[data-chart='gaps-lost']");
    var script = document.getElementById("gaps-chart-data");
    if (!el || !script || typeof echarts === "undefined") return;
    var data = JSON.parse(script.textContent);
    if (!data.names.length) { el.style.display = "none"; return; }
    // one row an indicator, named (17 计量), read horizontally
    el.style.height = Math.max(220, data.names.length * 22 + 70) + "px";
    var chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      grid: { left: 150, right: 30, top: 10, bottom: 56 },
      legend: { data: ["得分", "失分"], bottom: 0 },
      tooltip: {
        trigger: "axis", axisPointer: { type: "shadow" },
        formatter: function (items) {
          var i = items[0].dataIndex;
          return "第 " + qcountyTooltip.esc(data.names[i]) + " 项 " + qcountyTooltip.esc(data.titles[i].slice(0, 24)) + "<br>得分 " +
            data.points[i].toFixed(2) + "，失分 " + data.lost[i].toFixed(2);
        },
      },
      yAxis: { type: "category", data: data.names, inverse: true, axisLabel: { interval: 0, fontSize: 12 } },
      xAxis: { type: "value", name: "分" },
      series: [
        { name: "得分", type: "bar", stack: "s", data: data.points, itemStyle: { color: "#c9d2db" }, barMaxWidth: 14 },
        { name: "失分", type: "bar", stack: "s", data: data.lost, itemStyle: { color: "#b42318" }, barMaxWidth: 14 },
      ],
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", draw);
})();

// The what-if form: mark a field the user changed, until the page is reloaded.
document.addEventListener("change", function (e) {
  var field = e.target.closest && e.target.closest(".whatif-form .wi-field");
  if (field) field.classList.add("changed");
});
