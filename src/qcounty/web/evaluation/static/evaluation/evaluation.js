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
    ];
    chart(el).setOption({
      tooltip: {},
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
    var j = select ? Number(select.value) : 0;
    var ind = d.indicators[j];
    var bins = 20, width = ind.max / bins, stacks = {}, others = [], ineligible = [], mine = [];
    d.indicators[j].points.forEach(function (v, i) {
      if (v === null) return;
      var b = Math.min(bins - 1, Math.floor(width > 0 ? v / width : 0));
      stacks[b] = (stacks[b] || 0) + 1;
      var point = { value: [v, stacks[b]], name: d.names[i] };
      if (i === d.county) mine.push(point);
      else if (d.eligible[i]) others.push(point);
      else ineligible.push(point);
    });
    chart(el).setOption({
      grid: { left: 40, right: 20, top: 20, bottom: 50 },
      tooltip: { formatter: function (p) { return p.data.name + "：" + p.data.value[0] + " 分"; } },
      legend: { bottom: 0, textStyle: { fontSize: 11 } },
      xAxis: { type: "value", min: 0, max: ind.max, name: "得分", nameLocation: "middle", nameGap: 24 },
      yAxis: { type: "value", minInterval: 1, name: "县数" },
      series: [
        { name: "参评县", type: "scatter", data: others, symbolSize: 7, itemStyle: { color: GREY } },
        { name: "不参与排名的县", type: "scatter", data: ineligible, symbolSize: 7, itemStyle: { color: LIGHT } },
        { name: "本县", type: "scatter", data: mine, symbolSize: 14, itemStyle: { color: RED }, z: 10,
          markLine: mine.length ? { symbol: "none", lineStyle: { color: RED }, label: { formatter: "本县 {c}" }, data: [{ xAxis: mine[0].value[0] }] } : undefined }
      ]
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
          return d.names[i] + "<br>排名 " + d.rank[i] + "，中位数 " + d.median[i] +
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
