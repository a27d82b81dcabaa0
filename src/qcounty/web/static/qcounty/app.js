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

// A request htmx could not complete (the server refused it, failed, or was never reached) is
// never silent: htmx swaps nothing on an error, so the typed value stays in its field; the field
// says why it was not saved and offers to send it again. Outside a field, a banner says so.
(function () {
  function text(name) { return document.body.getAttribute("data-" + name) || ""; }

  // the reason the server gave: the Chinese error page's message, or a word for the status
  function reason(xhr) {
    if (!xhr || !xhr.status) return text("network-error");
    var type = xhr.getResponseHeader("Content-Type") || "";
    if (type.indexOf("text/html") === 0 && xhr.responseText) {
      var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var message = page.querySelector(".error-message");
      if (message && message.textContent.trim()) return message.textContent.trim();
    } else if (type.indexOf("text/plain") === 0 && xhr.responseText) {
      return xhr.responseText.trim().slice(0, 300);
    }
    if (xhr.status === 403 || xhr.status === 409) return text("locked-error");
    return text("server-error");
  }

  function retryButton(config) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "link retry";
    button.textContent = text("retry");
    button.addEventListener("click", function () {
      // the source element's current inputs are sent again, to the same place, swapped the same way
      htmx.ajax(config.verb.toUpperCase(), config.path, { source: config.elt, target: config.target });
    });
    return button;
  }

  function show(event) {
    var detail = event.detail;
    var config = detail.requestConfig;
    if (!config || !config.elt) return;
    var field = config.elt.closest(".field");
    var box;
    if (field) {
      box = field.querySelector(".save-failed");
      if (!box) {
        box = document.createElement("p");
        box.className = "save-failed";
        box.setAttribute("role", "alert");
        (field.querySelector("form") || field).appendChild(box);
      }
      var saved = field.querySelector(".saved");
      if (saved) saved.remove();
      box.textContent = text("save-failed") + "：" + reason(detail.xhr) + " ";
    } else {
      box = document.getElementById("request-failed");
      box.hidden = false;
      box.textContent = text("request-failed") + "：" + reason(detail.xhr) + " ";
    }
    box.appendChild(retryButton(config));
  }

  document.addEventListener("htmx:responseError", show);
  document.addEventListener("htmx:sendError", show);
  // a request that succeeds clears the failure it replaces
  document.addEventListener("htmx:afterRequest", function (event) {
    if (!event.detail.successful) return;
    var banner = document.getElementById("request-failed");
    if (banner && !banner.hidden) { banner.hidden = true; banner.textContent = ""; }
  });
})();

// The application page holds one group of indicators at a time. A link to an indicator that is
// not on the page (a bookmark, a link written as #indicator-N, a link from the score panel) loads
// the group that holds it in place, as the index's tabs do, and keeps the messages on the page;
// a link to an indicator that is on the page only scrolls to it.
(function () {
  function show(number, push) {
    var target = document.getElementById("indicator-" + number);
    if (target) {
      if (push) history.pushState(null, "", "#indicator-" + number);
      target.scrollIntoView();
      return true;
    }
    var toc = document.querySelector("nav.toc[data-parts]");
    var link = toc && toc.querySelector("a[data-indicator='" + number + "']");
    if (!link || typeof htmx === "undefined") return false;
    var section = link.getAttribute("data-section");
    htmx.ajax("GET", toc.getAttribute("data-parts") + section + "/", { target: "#sections", swap: "innerHTML" })
      .then(function () {
        var url = "?section=" + section + "#indicator-" + number;
        if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
        var loaded = document.getElementById("indicator-" + number);
        if (loaded) loaded.scrollIntoView();
      });
    return true;
  }
  function fromHash() {
    var found = /^#indicator-(\d+)$/.exec(location.hash);
    if (found && !document.getElementById("indicator-" + found[1])) show(found[1], false);
  }
  document.addEventListener("DOMContentLoaded", fromHash);
  window.addEventListener("hashchange", fromHash);
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    var link = event.target.closest && event.target.closest("a[href*='#indicator-']");
    if (!link || !document.getElementById("sections")) return;
    var url = new URL(link.href, location.href);
    var found = /^#indicator-(\d+)$/.exec(url.hash);
    if (!found || url.pathname !== location.pathname) return;
    if (show(found[1], true)) event.preventDefault();
  });
})();
