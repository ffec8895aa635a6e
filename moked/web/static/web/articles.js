// The knowledge base panel of the agent's ticket page: a button with data-insert-into="ID" posts
// with htmx (hx-swap="none"); the text it is answered goes into the textarea ID at the cursor, set
// apart from what is there by a blank line, and the agent goes on writing after it.
(function () {
  "use strict";
  document.addEventListener("htmx:afterRequest", function (event) {
    const button = event.detail.elt;
    if (!event.detail.successful || !button.dataset || !button.dataset.insertInto) {
      return;
    }
    const box = document.getElementById(button.dataset.insertInto);
    if (!box) {
      return;
    }
    const text = event.detail.xhr.responseText;
    const start = box.selectionStart, end = box.selectionEnd;
    const before = box.value.slice(0, start), after = box.value.slice(end);
    const lead = before && !before.endsWith("\n\n") ? (before.endsWith("\n") ? "\n" : "\n\n") : "";
    const trail = after && !after.startsWith("\n") ? "\n\n" : "";
    box.value = before + lead + text + trail + after;
    const caret = (before + lead + text).length;
    box.focus();
    box.setSelectionRange(caret, caret);
    box.dispatchEvent(new Event("input", { bubbles: true }));
  });
})();
