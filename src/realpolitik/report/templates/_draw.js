/* Draw every figure whose JSON spec is on the page (plotly.js must be loaded).
   No control sends data off the machine: the cloud/share button, the logo link
   and the "edit in Chart Studio" link are removed, and no server URL is set. */
var RP_PLOT_CONFIG = {
  responsive: true,
  displaylogo: false,
  showLink: false,
  showSendToCloud: false,
  showEditInChartStudio: false,
  plotlyServerURL: "",
  showTips: false,
  modeBarButtonsToRemove: ["sendChartToCloud", "sendDataToCloud", "editInChartStudio"]
};
function rpDrawFigures(root) {
  (root || document).querySelectorAll("script.rp-figure-spec").forEach(function (el) {
    var target = document.getElementById(el.dataset.target);
    if (!target || target.dataset.drawn) { return; }
    var spec = JSON.parse(el.textContent);
    target.dataset.drawn = "1";
    Plotly.newPlot(target, spec.data, spec.layout, RP_PLOT_CONFIG);
  });
}
