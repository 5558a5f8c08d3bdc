// The "Appears as" preview of a name typed in parts (fieldsets marked data-name-parts): the
// given name(s) and the family name in the order chosen. Without this script the preview
// is brought up to date whenever the form is shown again.
(function () {
  "use strict";
  var groups = document.querySelectorAll("[data-name-parts]");
  function shown(group) {
    var inputs = group.querySelectorAll("input[type=text]");
    var order = group.querySelector("input[type=radio]:checked");
    var given = inputs[0].value.trim().replace(/\s+/g, " ");
    var family = inputs[1].value.trim().replace(/\s+/g, " ");
    var parts = order && order.value === "family_first" ? [family, given] : [given, family];
    return parts.filter(function (p) { return p !== ""; }).join(" ");
  }
  Array.prototype.forEach.call(groups, function (group) {
    var out = group.querySelector("[data-name-preview]");
    if (!out || group.querySelectorAll("input[type=text]").length < 2) return;
    group.addEventListener("input", function () { out.textContent = shown(group); });
    group.addEventListener("change", function () { out.textContent = shown(group); });
  });
})();
