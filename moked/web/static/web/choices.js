// Forms that offer only what fits what is chosen already (without this script every field and
// choice shows, and the server still refuses what does not fit, with its reason):
//  - an element with data-shown-for="ID" data-values="a b" shows only while the select #ID has
//    one of those values, and its select is then required (a resolution code to resolve);
//  - a select with data-members-of="ID" offers only the options whose data-groups hold the group
//    chosen in the select #ID (the assignee must be in the ticket's group), or all without one.
(function () {
  "use strict";

  function follow(select, update) {
    if (select) {
      select.addEventListener("change", update);
      update();
    }
  }

  document.querySelectorAll("[data-shown-for]").forEach(function (element) {
    const select = document.getElementById(element.dataset.shownFor);
    const values = element.dataset.values.split(" ");
    follow(select, function () {
      const shown = values.includes(select.value);
      element.hidden = !shown;
      element.querySelectorAll("select").forEach(function (inner) { inner.required = shown; });
    });
  });

  document.querySelectorAll("select[data-members-of]").forEach(function (agents) {
    const group = document.getElementById(agents.dataset.membersOf);
    follow(group, function () {
      agents.querySelectorAll("option[data-groups]").forEach(function (option) {
        const fits = !group.value || option.dataset.groups.split(" ").includes(group.value);
        option.hidden = !fits;
        option.disabled = !fits;
        if (!fits && option.selected) {
          agents.value = "";
        }
      });
    });
  });
})();
