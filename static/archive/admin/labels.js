// The admin's autocomplete boxes (select2) show a combobox that names nothing: give each the name
// of the select it stands for (its <label>, or the aria-label our inline rows set), on load and on
// every inline row added.
(function () {
  "use strict";
  function name(select) {
    if (select.getAttribute("aria-label")) { return select.getAttribute("aria-label"); }
    var label = select.id && document.querySelector("label[for='" + select.id + "']");
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }
  function label() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var box = select.nextElementSibling && select.nextElementSibling.querySelector(".select2-selection");
      var text = name(select);
      if (box && text) {
        box.setAttribute("aria-label", text);
        box.removeAttribute("aria-labelledby");
        var shown = box.querySelector(".select2-selection__rendered");
        if (shown) { shown.setAttribute("aria-label", text); }
      }
    });
  }
  // select2 starts on jQuery's ready, which may come after this file runs: label then, and on load.
  document.addEventListener("DOMContentLoaded", function () { window.setTimeout(label, 0); });
  window.addEventListener("load", label);
  document.addEventListener("formset:added", function () { window.setTimeout(label, 0); });
})();
