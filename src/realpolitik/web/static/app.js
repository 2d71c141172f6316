/* realpolitik web app: draw figures, follow a running job (server-sent events), cancel it.
   No inline scripts: the pages' Content-Security-Policy allows scripts from this server only. */
(function () {
  "use strict";

  function draw(root) {
    if (window.Plotly && window.rpDrawFigures) { window.rpDrawFigures(root); }
  }

  function setText(id, text) {
    var el = document.getElementById(id);
    if (el) { el.textContent = text; }
  }

  function show(state) {
    var box = document.getElementById("job");
    box.dataset.status = state.status;
    var bar = document.getElementById("job-progress");
    if (state.total) { bar.max = state.total; bar.value = state.done; }
    var status = document.getElementById("job-status");
    status.querySelector("strong").textContent = state.cancelling ? "cancelling" : state.status;
    setText("job-count", state.total ? state.done + " / " + state.total + " runs" : "");
    if (state.error) {
      var err = document.getElementById("job-error");
      err.textContent = state.error;
      err.hidden = false;
    }
    var final = ["done", "failed", "cancelled"].indexOf(state.status) >= 0;
    document.getElementById("cancel-button").disabled = final;
    if (state.status === "done" && state.run_id) {
      box.dataset.run = state.run_id;
      document.getElementById("job-result-link").href = "/runs/" + state.run_id;
      document.getElementById("job-result").hidden = false;
    }
  }

  // When the event stream drops (a busy server, a proxy), ask for the job's state
  // once a second instead, so the page still moves on to the result.
  function poll(id) {
    fetch("/api/jobs/" + id, {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (state) {
        show(state);
        if (state.status === "done" && state.run_id) {
          window.location.assign("/runs/" + state.run_id);
        } else if (state.status === "queued" || state.status === "running") {
          setTimeout(function () { poll(id); }, 1000);
        }
      })
      .catch(function () { setTimeout(function () { poll(id); }, 1000); });
  }

  function follow(box) {
    var id = box.dataset.job;
    var source = new EventSource("/api/jobs/" + id + "/events");
    source.addEventListener("progress", function (e) { show(JSON.parse(e.data)); });
    ["done", "failed", "cancelled"].forEach(function (name) {
      source.addEventListener(name, function (e) {
        var state = JSON.parse(e.data);
        show(state);
        source.close();
        if (name === "done" && state.run_id) { window.location.assign("/runs/" + state.run_id); }
        else if (name === "done") { poll(id); }  // no run id yet: ask for the job's state
      });
    });
    source.onerror = function () { source.close(); poll(id); };
    document.getElementById("cancel-form").addEventListener("submit", function (e) {
      e.preventDefault();
      fetch("/api/jobs/" + id + "/cancel", {method: "POST", credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(show);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    draw(document);
    var box = document.getElementById("job");
    // A job that finished before its page was served (a one-run forecast) goes on to
    // its result as a followed one does; the page used to stay on "done".
    if (box && box.dataset.status === "done" && box.dataset.run) {
      window.location.assign("/runs/" + box.dataset.run);
    } else if (box && ["done", "failed", "cancelled"].indexOf(box.dataset.status) < 0) { follow(box); }
  });
  document.addEventListener("htmx:afterSwap", function (e) { draw(e.target); });
})();
