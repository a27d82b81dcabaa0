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
// not on the page (a bookmark, a link written as #indicator-N) opens the group that holds it, as
// the index's link does; a link to an indicator that is on the page only scrolls to it.
(function () {
  function open() {
    var found = /^#indicator-(\d+)$/.exec(location.hash);
    if (!found || document.getElementById("indicator-" + found[1])) return;
    var link = document.querySelector("nav.toc a[data-indicator='" + found[1] + "']");
    if (link) location.replace(link.href);
  }
  document.addEventListener("DOMContentLoaded", open);
  window.addEventListener("hashchange", open);
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    var link = event.target.closest && event.target.closest("a[href*='#indicator-']");
    if (!link) return;
    var url = new URL(link.href, location.href);
    if (url.pathname !== location.pathname) return;
    var target = document.getElementById(url.hash.slice(1));
    if (!target) return;
    event.preventDefault();
    history.pushState(null, "", url.hash);
    target.scrollIntoView();
  });
})();
