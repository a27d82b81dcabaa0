// The leader's dashboard: a gauge of the total with its floor–ceiling band, a radar of the
// first-level indicators against the reference medians, the points lost by second-level
// indicator. Numbers come from the page (computed by the engine), never from here.
(function () {
  var RED = "#9b1c1c", GREY = "#4b5563", LIGHT = "#9ca3af", BAND = "#f3d5d5", TRACK = "#eceff2";
  var charts = [];

  function gauge(el, d) {
    var most = d.most || 100;
    return {
      animation: false,
      series: [{
        type: "gauge", min: 0, max: most, startAngle: 210, endAngle: -30, radius: "95%",
        center: ["50%", "58%"], splitNumber: 5,
        axisLine: { lineStyle: { width: 14, color: [
          [d.floor / most, TRACK], [d.ceiling / most, BAND], [1, TRACK]] } },
        progress: { show: true, width: 14, itemStyle: { color: RED } },
        pointer: { show: false },
        axisTick: { show: false }, splitLine: { length: 6, lineStyle: { color: "#bbb" } },
        axisLabel: { distance: 18, fontSize: 10, color: "#66727f" },
        title: { show: false },
        detail: { valueAnimation: false, offsetCenter: [0, "-6%"], fontSize: 24, fontWeight: 700,
          color: RED, formatter: function (v) { return v.toFixed(2); } },
        data: [{ value: d.total, name: "保底 " + d.floor.toFixed(2) + " — 上限 " + d.ceiling.toFixed(2) }],
      }],
    };
  }

  // full names, broken after four characters ("质量发展\n理念"): a clipped "理念" alone says less
  function wrapped(name) {
    return name.length > 5 ? name.slice(0, 4) + "\n" + name.slice(4) : name;
  }

  function radar(el, d) {
    var r = d.radar;
    var names = r.names;
    var series = [{ value: r.county, name: "本县", itemStyle: { color: RED }, areaStyle: { opacity: 0.15 } }];
    if (r.median.length) series.push({ value: r.median, name: "参照县中位数", itemStyle: { color: GREY }, lineStyle: { type: "dashed" } });
    if (r.tier.length) series.push({ value: r.tier, name: r.tier_name + "中位数", itemStyle: { color: LIGHT }, lineStyle: { type: "dotted" } });
    return {
      animation: false,
      legend: { bottom: 0, itemWidth: 10, itemHeight: 8, itemGap: 6, textStyle: { fontSize: 9 } },
      tooltip: { formatter: qcountyTooltip.radar(names) },
      radar: {
        radius: "58%", center: ["50%", "45%"],
        indicator: names.map(function (n, i) { return { name: n, max: r.max[i] }; }),
        axisName: { fontSize: 10, color: "#1f2933", lineHeight: 12, formatter: wrapped },
      },
      series: [{ type: "radar", symbolSize: 4, data: series }],
    };
  }

  function lost(el, d) {
    return {
      animation: false,
      grid: { left: 84, right: 30, top: 4, bottom: 18 },
      xAxis: { type: "value", axisLabel: { fontSize: 9 } },
      yAxis: { type: "category", data: d.lost.names, inverse: true, axisLabel: { fontSize: 10, interval: 0 } },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, formatter: qcountyTooltip.axis },
      series: [{ type: "bar", data: d.lost.values, itemStyle: { color: RED }, barMaxWidth: 12,
        label: { show: true, position: "right", fontSize: 9, formatter: function (p) { return p.value.toFixed(2); } } }],
    };
  }

  var builders = { gauge: gauge, radar: radar, lost: lost };

  function draw() {
    var script = document.getElementById("dashboard-data");
    if (!script || typeof echarts === "undefined") return;
    var data = JSON.parse(script.textContent);
    document.querySelectorAll(".dash-chart[data-chart]").forEach(function (el) {
      var build = builders[el.getAttribute("data-chart")];
      if (!build) return;
      var chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: "svg" });
      chart.setOption(build(el, data));
      charts.push(chart);
    });
  }

  // The chart boxes of the print stylesheet (dashboard.css, @media print): a third of the A4
  // text width (210 mm − 2 × 9 mm margins − 2 gaps of 2 mm) less the card's padding and border,
  // 52 mm high (60 mm for the taller one). The browser fires "beforeprint" while the page still
  // has its screen layout, so the charts are sized from these numbers, not measured.
  var MM = 96 / 25.4, PRINT_WIDTH_MM = 57, PRINT_HEIGHT_MM = 52, PRINT_TALL_MM = 60;

  function forPrint() {
    charts.forEach(function (c) {
      var tall = c.getDom().classList.contains("tall");
      c.resize({ width: Math.floor(PRINT_WIDTH_MM * MM),
        height: Math.floor((tall ? PRINT_TALL_MM : PRINT_HEIGHT_MM) * MM) });
    });
  }

  function forScreen() { charts.forEach(function (c) { c.resize({ width: "auto", height: "auto" }); }); }

  // the print button (data-print) is app.js's, as on every page
  document.addEventListener("DOMContentLoaded", draw);
  window.addEventListener("resize", forScreen);
  window.addEventListener("beforeprint", forPrint);
  window.addEventListener("afterprint", forScreen);
  if (window.matchMedia) {
    var media = window.matchMedia("print");
    if (media.addEventListener) {
      media.addEventListener("change", function (e) { if (e.matches) forPrint(); else forScreen(); });
    }
  }
})();
