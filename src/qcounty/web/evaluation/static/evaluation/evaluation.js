// The evaluation's charts (ECharts): a county's radar against the medians, the distribution of
// an indicator's points across the cohort with the county marked, and the ranking with
// uncertainty bars. The numbers come from the page (json_script), computed by the core.
(function () {
  var RED = "#9b1c1c", GREY = "#9aa5b1", LIGHT = "#d9dee3", BLUE = "#0b5394";

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function chart(el) {
    return echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: "svg" });
  }

  function radar(el) {
    var d = data("radar-data");
    if (!d) return;
    var series = [
      { name: d.county_name, value: d.county, lineStyle: { color: RED, width: 2 }, itemStyle: { color: RED }, areaStyle: { color: "rgba(155,28,28,.12)" } },
      { name: "全部参评县中位数", value: d.cohort, lineStyle: { color: GREY, type: "dashed" }, itemStyle: { color: GREY } },
      { name: (d.tier_name || "本梯队") + "参评县中位数", value: d.tier, lineStyle: { color: BLUE, type: "dotted" }, itemStyle: { color: BLUE } }
    ].filter(function (s) {  // a group without an eligible county has no median (null)
      return s.value.some(function (v) { return v !== null; });
    });
    chart(el).setOption({
      tooltip: { formatter: qcountyTooltip.radar(d.levels.map(function (l) { return l.name; })) },
      legend: { bottom: 0, textStyle: { fontSize: 11 } },
      radar: {
        radius: "62%",
        indicator: d.levels.map(function (l) { return { name: l.name + "（" + l.max + "）", max: l.max }; }),
        axisName: { color: "#3b4651", fontSize: 11 }
      },
      series: [{ type: "radar", data: series }]
    });
  }

  function distribution(el) {
    var d = data("distribution-data");
    if (!d) return;
    var select = document.querySelector(".distribution-select");
    var ind = d.indicators[select ? Number(select.value) : 0];
    // a histogram of the eligible counties' points (binned by the server, 0 to the maximum)
    var bins = d.bins, width = ind.max / bins, counts = ind.counts, labels = [], mine = ind.mine;
    for (var b = 0; b < bins; b++) { labels.push((b * width).toFixed(2) + "–" + ((b + 1) * width).toFixed(2)); }
    var bin = function (v) { return Math.min(bins - 1, Math.max(0, Math.floor(width > 0 ? v / width : 0))); };
    var bars = counts.map(function (n, b) {
      return { value: n, itemStyle: { color: mine !== null && b === bin(mine) ? RED : GREY } };
    });
    chart(el).setOption({
      grid: { left: 44, right: 20, top: 30, bottom: 46 },
      tooltip: { trigger: "axis", formatter: function (ps) { return "得分 " + labels[ps[0].dataIndex] + "：" + ps[0].value + " 个参评县"; } },
      xAxis: { type: "category", data: labels, name: "得分（满分 " + ind.max + "）", nameLocation: "middle", nameGap: 30,
               axisLabel: { interval: 4, fontSize: 10, formatter: function (t) { return t.split("–")[0]; } } },
      yAxis: { type: "value", minInterval: 1, name: "参评县数" },
      series: [{ type: "bar", data: bars, barCategoryGap: "10%",
        markPoint: mine === null ? undefined : { symbol: "pin", symbolSize: 36, itemStyle: { color: RED },
          label: { formatter: "本县", fontSize: 10 }, data: [{ coord: [bin(mine), counts[bin(mine)]] }] } }],
      title: { text: mine === null ? "" : d.name + "：" + mine + " 分", right: 10, top: 0, textStyle: { fontSize: 12, color: RED } }
    }, true);
  }

  function uncertainty(el) {
    var d = data("uncertainty-data");
    if (!d) return;
    var base = d.low.map(function (x) { return x === null ? null : x - 0.5; });
    var span = d.low.map(function (x, i) { return x === null ? null : d.high[i] - x + 1; });
    chart(el).setOption({
      grid: { left: 50, right: 20, top: 30, bottom: 110 },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: function (ps) {
          var i = ps[0].dataIndex;
          return qcountyTooltip.esc(d.names[i]) + "<br>排名 " + d.rank[i] + "，中位数 " + d.median[i] +
            "<br>5%–95% 区间 " + d.low[i] + "–" + d.high[i] +
            "<br>进入前 " + d.top + " 名的概率 " + d.p_top[i];
        }
      },
      xAxis: { type: "category", data: d.names, axisLabel: { rotate: 90, fontSize: 9, interval: 0 } },
      yAxis: { type: "value", inverse: true, min: 0, name: "排名" },
      dataZoom: [{ type: "inside" }, { type: "slider", height: 14, bottom: 4 }],
      series: [
        { type: "bar", stack: "r", data: base, itemStyle: { color: "transparent" }, silent: true },
        { name: "5%–95% 区间", type: "bar", stack: "r", data: span, itemStyle: { color: "rgba(11,83,148,.35)" },
          markLine: { symbol: "none", lineStyle: { color: RED, type: "dashed" }, label: { formatter: "前 " + d.top + " 名" }, data: [{ yAxis: d.top + 0.5 }] } },
        { name: "中位数", type: "scatter", data: d.median, symbol: "rect", symbolSize: [10, 3], itemStyle: { color: RED }, z: 10 }
      ]
    });
  }

  var DRAW = { radar: radar, distribution: distribution, uncertainty: uncertainty };

  function draw(root) {
    if (typeof echarts === "undefined") return;
    root.querySelectorAll(".chart[data-chart]").forEach(function (el) {
      var f = DRAW[el.getAttribute("data-chart")];
      if (f) f(el);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    draw(document);
    var select = document.querySelector(".distribution-select");
    if (select) {
      select.addEventListener("change", function () {
        document.querySelectorAll(".chart[data-chart='distribution']").forEach(distribution);
      });
    }
    window.addEventListener("resize", function () {
      document.querySelectorAll(".chart[data-chart]").forEach(function (el) {
        var c = echarts.getInstanceByDom(el);
        if (c) c.resize();
      });
    });
  });
})();
