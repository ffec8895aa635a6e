// Lists of tickets: "tick all" ticks every ticket of the page, and the bulk bar shows only the
// fields of the action chosen (without this script every field shows, and the form still works).
(function () {
  "use strict";
  const tickAll = document.getElementById("tick-all");
  if (tickAll) {
    tickAll.addEventListener("click", function () {
      document.querySelectorAll("input[name=tickets]").forEach(function (box) {
        box.checked = tickAll.checked;
      });
    });
  }
  const action = document.getElementById("bulk-action");
  if (!action) {
    return;
  }
  function showChosen() {
    document.querySelectorAll("[data-bulk]").forEach(function (field) {
      field.hidden = field.dataset.bulk !== action.value;
    });
  }
  action.addEventListener("change", showChosen);
  showChosen();
})();
