/* Draw every figure whose JSON spec is on the page (plotly.js must be loaded). */
function rpDrawFigures(root) {
  (root || document).querySelectorAll("script.rp-figure-spec").forEach(function (el) {
    var target = document.getElementById(el.dataset.target);
    if (!target || target.dataset.drawn) { return; }
    var spec = JSON.parse(el.textContent);
    target.dataset.drawn = "1";
    Plotly.newPlot(target, spec.data, spec.layout, {responsive: true, displaylogo: false});
  });
}
