/* New scenario: check each field as it is left, and show its problem beside it (the page's
   own check, run in the background; only fields already touched are marked). Without
   scripts the Check button does the same. No inline script (Content-Security-Policy). */
(function () {
  "use strict";

  var DELAY = 300;

  function sync(form, doc) {
    var marked = false;
    form.querySelectorAll("input[id^='f-']").forEach(function (el) {
      var wrap = el.parentNode;
      var twin = doc.getElementById(el.id);
      var err = twin ? twin.parentNode.querySelector(".field-error") : null;
      if (!el.dataset.touched && !wrap.classList.contains("invalid")) { return; }
      var old = wrap.querySelector(".field-error");
      if (old) { old.remove(); }
      if (err && el.dataset.touched) {
        wrap.className = "invalid";
        el.setAttribute("aria-invalid", "true");
        wrap.appendChild(document.importNode(err, true));
        marked = true;
      } else {
        wrap.className = "";
        el.removeAttribute("aria-invalid");
      }
    });
    var status = document.getElementById("new-status");
    if (!status) { return; }
    status.textContent = "";
    var note = document.createElement("span");
    if (marked) {
      note.className = "error";
      note.id = "new-problems";
      note.textContent = "Fix the fields marked below.";
    } else if (doc.getElementById("new-ok")) {
      note.className = "ok";
      note.id = "new-ok";
      note.textContent = "No problem found.";
    }
    status.appendChild(note);
  }

  function setup(form) {
    var timer = null;
    var latest = 0;
    form.querySelectorAll(".invalid input").forEach(function (el) { el.dataset.touched = "1"; });

    function check() {
      var ticket = ++latest;
      var data = new FormData(form);
      data.set("action", "live");
      fetch("/new", {method: "POST", credentials: "same-origin", body: data})
        .then(function (r) { return r.text(); })
        .then(function (html) {
          if (ticket !== latest) { return; }
          sync(form, new DOMParser().parseFromString(html, "text/html"));
        });
    }

    form.addEventListener("change", function (e) {
      if (e.target && e.target.id) { e.target.dataset.touched = "1"; }
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(check, DELAY);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("new-form");
    if (form) { setup(form); }
  });
})();
