/* What if, live: send the inputs a person changed, show baseline, variant and difference.
   No inline script (the page's Content-Security-Policy); requests go to this server only. */
(function () {
  "use strict";

  var DELAY = 350;

  function fields(form) { return Array.prototype.slice.call(form.querySelectorAll("[data-path]")); }

  function put(target, path, value) {
    var parts = path.split(".");
    var node = target;
    for (var i = 0; i < parts.length - 1; i++) {
      node[parts[i]] = node[parts[i]] || {};
      node = node[parts[i]];
    }
    node[parts[parts.length - 1]] = value;
  }

  function changed(el) {
    if (el.type === "checkbox") { return String(el.checked) !== el.dataset.orig; }
    var text = el.value.trim();
    return text !== "" && text !== el.dataset.orig;
  }

  function valueOf(el) {
    if (el.type === "checkbox") { return el.checked; }
    var text = el.value.trim();
    var num = Number(text);
    return text !== "" && isFinite(num) ? num : text;
  }

  function overrides(form) {
    var out = {};
    fields(form).forEach(function (el) {
      el.classList.toggle("changed", changed(el));
      if (changed(el)) { put(out, el.dataset.path, valueOf(el)); }
    });
    return out;
  }

  function fmt(kind, x, signed) {
    if (x === null || x === undefined) { return "–"; }
    var sign = signed && x > 0 ? "+" : "";
    if (kind === "probability") { return sign + (100 * x).toFixed(1) + (signed ? " pts" : "%"); }
    if (kind === "months") { return sign + x.toFixed(2); }
    return sign + x.toFixed(2);
  }

  function cell(row, text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) { td.className = cls; }
    row.appendChild(td);
  }

  function show(box, result) {
    var table = box.querySelector("#whatif-table");
    var body = table.querySelector("tbody");
    body.textContent = "";
    result.metrics.forEach(function (m) {
      var row = document.createElement("tr");
      row.dataset.key = m.key;
      var th = document.createElement("th");
      th.textContent = m.label;
      row.appendChild(th);
      cell(row, fmt(m.kind, m.baseline, false));
      cell(row, fmt(m.kind, m.variant, false), "variant");
      cell(row, fmt(m.kind, m.difference, true), "diff");
      cell(row, m.stderr === null ? "–" : fmt(m.kind, m.stderr, false).replace("%", " pts"));
      if (m.difference !== null && m.stderr !== null && Math.abs(m.difference) > 2 * m.stderr) {
        row.className = "moved";
      }
      body.appendChild(row);
    });
    table.hidden = false;
    box.querySelector("#whatif-problems").hidden = true;
    var what = result.engine === "war" ? "the war month by month" : "model " + result.model;
    box.querySelector("#whatif-status").textContent = result.runs.toLocaleString("en") + " paired runs of " + what +
      ", seed " + result.seed + ", in " + result.elapsed.toFixed(2) + " s" +
      (result.baseline_cached ? " (baseline cached)" : "") + ".";
  }

  function problems(box, data) {
    var list = box.querySelector("#whatif-problems");
    list.textContent = "";
    var items = (data && data.problems) || [{message: (data && data.detail) || "cannot compute"}];
    items.forEach(function (p) {
      var li = document.createElement("li");
      li.textContent = (p.field ? p.field + ": " : "") + p.message;
      list.appendChild(li);
    });
    list.hidden = false;
    box.querySelector("#whatif-status").textContent = "Not computed: fix the inputs below.";
  }

  function body(box, form) {
    var model = document.getElementById("run-model");
    return JSON.stringify({
      overrides: overrides(form),
      runs: Number(box.dataset.runs),
      seed: Number(box.dataset.seed),
      model: model ? model.value : "compromise"
    });
  }

  function post(url, payload) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json"},
      body: payload
    }).then(function (r) {
      return r.json().then(function (data) { return {ok: r.ok, data: data}; });
    });
  }

  function setup(box) {
    var form = box.querySelector("#whatif-form");
    var base = "/api/scenarios/" + box.dataset.scenario + "/whatif";
    var timer = null;
    var latest = 0;

    function compute() {
      var ticket = ++latest;
      box.querySelector("#whatif-status").textContent = "Computing…";
      post(base, body(box, form)).then(function (res) {
        if (ticket !== latest) { return; }
        if (res.ok) { show(box, res.data); } else { problems(box, res.data); }
      }).catch(function () {
        if (ticket === latest) { problems(box, null); }
      });
    }

    function later() {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(compute, DELAY);
    }

    form.addEventListener("input", later);
    form.addEventListener("change", later);
    form.addEventListener("submit", function (e) { e.preventDefault(); compute(); });
    box.querySelector("#whatif-reset").addEventListener("click", function () {
      fields(form).forEach(function (el) {
        if (el.type === "checkbox") { el.checked = el.dataset.orig === "true"; }
        else { el.value = el.dataset.orig; }
      });
      compute();
    });
    box.querySelector("#whatif-save").addEventListener("click", function () {
      post(base + "/save", body(box, form)).then(function (res) {
        if (res.ok) { window.location.assign(res.data.url); } else { problems(box, res.data); }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("whatif");
    if (box) { setup(box); }
  });
})();
