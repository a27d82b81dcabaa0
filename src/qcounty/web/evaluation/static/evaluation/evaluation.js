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

  // The ranking as dots (median rank) on their 5 %–95 % intervals, one county a row, names
  // read horizontally; the server sends the first 30 and the uncertain counties only.
  function uncertainty(el) {
    var d = data("uncertainty-data");
    if (!d) return;
    var ROW = 20;
    el.style.height = Math.max(260, d.names.length * ROW + 90) + "px";
    var lowest = Math.min.apply(null, d.low.filter(function (x) { return x !== null; }));
    var highest = Math.max.apply(null, d.high.filter(function (x) { return x !== null; }));
    var base = d.low.map(function (x) { return x === null ? null : x - 0.5; });
    var span = d.low.map(function (x, i) { return x === null ? null : d.high[i] - x + 1; });
    var percent = function (p) { return p === null ? "—" : p.toFixed(1) + " %"; };
    var c = chart(el);
    c.resize();
    c.setOption({
      grid: { left: 150, right: 30, top: 36, bottom: 40 },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: function (ps) {
          var i = ps[0].dataIndex;
          return qcountyTooltip.esc(d.names[i]) + "<br>排名 " + d.rank[i] + "，中位数 " + d.median[i] +
            "<br>5%–95% 区间 第 " + d.low[i] + "–" + d.high[i] + " 名" +
            "<br>进入前 " + d.top + " 名的概率 " + percent(d.p_top[i]);
        }
      },
      yAxis: {
        type: "category", data: d.names, inverse: true,
        axisLabel: {
          interval: 0, fontSize: 11,
          formatter: function (name, i) { return d.uncertain[i] ? "{u|" + name + "}" : name; },
          rich: { u: { color: RED, fontWeight: "bold", fontSize: 11 } }
        }
      },
      xAxis: {
        type: "value", position: "top", name: "排名", nameLocation: "middle", nameGap: 24,
        min: Math.max(0.5, lowest - 1.5), max: highest + 1.5, minInterval: 1,
        axisLabel: { formatter: function (v) { return Number.isInteger(v) && v >= 1 ? String(v) : ""; } }
      },
      series: [
        { type: "bar", stack: "r", data: base, itemStyle: { color: "transparent" }, silent: true, barWidth: 8 },
        { name: "5%–95% 区间", type: "bar", stack: "r", data: span, barWidth: 8, itemStyle: { color: "rgba(11,83,148,.3)" },
          markLine: { symbol: "none", lineStyle: { color: RED, type: "dashed" }, label: { formatter: "前 " + d.top + " 名", position: "end" }, data: [{ xAxis: d.top + 0.5 }] } },
        { name: "中位数", type: "scatter", data: d.median, symbol: "circle", symbolSize: 8, itemStyle: { color: BLUE }, z: 10 }
      ]
    }, true);
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
