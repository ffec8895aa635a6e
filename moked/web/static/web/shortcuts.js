// Keyboard shortcuts of the agent workspace: "/" search, "r" reply, "g" then a letter to go to
// a view (m mine, u unassigned, b breaching, w waiting, a all, p phone desk, k knowledge base),
// "?" this list.
(function () {
  "use strict";
  const GO = { m: "mine", u: "unassigned", b: "breaching", w: "waiting", a: "all" };
  let pendingGo = false;

  function typing(target) {
    return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
  }

  function focus(selector) {
    const element = document.querySelector(selector);
    if (element) {
      element.focus();
      return true;
    }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) {
      return;
    }
    if (pendingGo) {
      pendingGo = false;
      if (event.key === "p") {
        window.location.href = "/desk/phone/";
      } else if (event.key === "k") {
        window.location.href = "/desk/knowledge/";
      } else if (GO[event.key]) {
        window.location.href = "/desk/views/" + GO[event.key] + "/";
      }
      return;
    }
    if (event.key === "g") {
      pendingGo = true;
    } else if (event.key === "/" && focus("#q")) {
      event.preventDefault();
    } else if (event.key === "r" && focus("#id_body")) {
      event.preventDefault();
    } else if (event.key === "?") {
      const help = document.getElementById("shortcuts-help");
      if (help) {
        help.hidden = !help.hidden;
      }
    }
  });
})();
