// What the templates ask for with data- attributes, in place of inline handlers (the
// Content-Security-Policy runs scripts from Moked's own files only):
//   <form data-confirm="Question?">       asks before submitting;
//   <button data-remove="[data-row]">     removes the closest element matching the selector
//                                         (without this script the button submits, and the
//                                         server removes it).
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    const question = event.target.dataset && event.target.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("[data-remove]");
    if (!button) {
      return;
    }
    event.preventDefault();
    const item = button.closest(button.dataset.remove);
    if (item) {
      item.remove();
    }
  });
})();
