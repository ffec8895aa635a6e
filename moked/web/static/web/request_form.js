// The new-request page tells Moked when it is left unsent (<form data-left-unsent="address">):
// the form's deflection attempt, if it was shown articles (else Moked records nothing), is then abandoned at once rather than
// at the hourly sweep. Sending the form is not leaving it.
(function () {
  "use strict";
  const form = document.querySelector("form[data-left-unsent]");
  if (!form || !navigator.sendBeacon) {
    return;
  }
  let sent = false;
  form.addEventListener("submit", function () {
    sent = true;
  });
  window.addEventListener("pagehide", function () {
    if (sent) {
      return;
    }
    const data = new FormData();
    data.append("attempt", form.elements.attempt.value);
    data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    navigator.sendBeacon(form.dataset.leftUnsent, data);
  });
})();
