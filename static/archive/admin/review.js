// Review queue shortcuts: j / k move between facts, x ticks one, v verifies it, r rejects it.
// Keys typed into a form field are left alone; without this file the buttons do the same.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.review-row"));
  var all = document.getElementById("review-all");
  if (all) {
    all.addEventListener("change", function () {
      rows.forEach(function (row) { row.querySelector("input[name=fact]").checked = all.checked; });
    });
  }
  if (!rows.length) { return; }
  var current = 0;
  function focus(i) {
    current = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach(function (row, j) { row.classList.toggle("review-current", j === current); });
    rows[current].querySelector("input[name=fact]").focus();
  }
  rows.forEach(function (row, i) {
    row.addEventListener("focusin", function () {
      current = i;
      rows.forEach(function (r, j) { r.classList.toggle("review-current", j === i); });
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var target = event.target;
    if (target && (target.tagName === "TEXTAREA" || target.tagName === "SELECT" ||
        (target.tagName === "INPUT" && target.type !== "checkbox"))) { return; }
    var row = rows[current];
    if (event.key === "j") { focus(current + 1); }
    else if (event.key === "k") { focus(current - 1); }
    else if (event.key === "x") { var box = row.querySelector("input[name=fact]"); box.checked = !box.checked; }
    else if (event.key === "v") { row.querySelector("button.review-verify").click(); }
    else if (event.key === "r") { row.querySelector("button.review-reject").click(); }
    else { return; }
    event.preventDefault();
  });
  focus(0);
})();
