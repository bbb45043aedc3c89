// Renders every <div data-chart="id"> from the JSON in <script id="id" type="application/json">.
// Inline scripts are forbidden by the Content Security Policy, so charts are declared in markup.
// With data-links="#table", clicking in the n-th category opens the link in the first cell of the table's n-th row
// (the chart's table view lists the same items in the same order): drill-down without extra JSON.
(function () {
  function render(root) {
    if (typeof echarts === "undefined") return;
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.rendered) return;
      var source = document.getElementById(el.dataset.chart);
      if (!source) return;
      var chart = echarts.init(el, null, { renderer: "svg" });
      chart.setOption(JSON.parse(source.textContent));
      if (el.dataset.links) {
        // A click anywhere in a category's band of the grid (its bars or the space between them) opens its link.
        chart.getZr().on("click", function (e) {
          var point = [e.offsetX, e.offsetY];
          if (!chart.containPixel("grid", point)) return;
          var value = chart.convertFromPixel("grid", point);
          var index = chart.getOption().yAxis[0].type === "category" ? value[1] : value[0];
          var row = document.querySelectorAll(el.dataset.links + " tbody tr")[Math.round(index)];
          var link = row && row.querySelector("td a[href]");
          if (link) window.location.assign(link.href);
        });
        el.style.cursor = "pointer";
      }
      el.dataset.rendered = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { render(document); });
  document.addEventListener("htmx:after:swap", function (e) { render(document); });
})();
