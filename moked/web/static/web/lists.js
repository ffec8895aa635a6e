// Lists of tickets: the bulk bar shows only the fields of the action chosen (without this
// script every field shows, and the form still works); "tick all" ticks every ticket of the
// page; and the agents offered are those who may be given every ticket ticked (they serve its
// organisation, and are in its group when it has one). The server checks each ticket anyway.
(function () {
  "use strict";
  const action = document.getElementById("bulk-action");
  if (!action) {
    return;
  }
  const boxes = Array.from(document.querySelectorAll("input[name=tickets]"));
  const tickAll = document.getElementById("tick-all");
  const assign = document.getElementById("bulk-assign");

  function showChosen() {
    document.querySelectorAll("[data-bulk]").forEach(function (field) {
      field.hidden = field.dataset.bulk !== action.value;
    });
  }

  function mayTake(option, ticket) {
    const organisations = option.dataset.organisations.split(" ");
    const groups = option.dataset.groups.split(" ");
    const serves = organisations.includes("*") || organisations.includes(ticket.dataset.organisation);
    return serves && (!ticket.dataset.group || groups.includes(ticket.dataset.group));
  }

  function offerAgents() {
    if (!assign) {
      return;
    }
    const ticked = boxes.filter(function (box) { return box.checked; });
    assign.querySelectorAll("option[data-organisations]").forEach(function (option) {
      const fits = ticked.every(function (ticket) { return mayTake(option, ticket); });
      option.hidden = !fits;
      option.disabled = !fits;
      if (!fits && option.selected) {
        assign.value = "";
      }
    });
  }

  action.addEventListener("change", showChosen);
  if (tickAll) {
    tickAll.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = tickAll.checked; });
      offerAgents();
    });
  }
  boxes.forEach(function (box) { box.addEventListener("change", offerAgents); });
  showChosen();
  offerAgents();
})();
