"""Deleting a record from an administration page: a page that asks first, then the service call."""

from django.shortcuts import redirect, render

from ..common import refusals


def confirm_delete(request, *, delete, question: str, record, back: str, done: str):
    """Ask `question` about `record`; on POST run `delete()` (a service call) and go to `done`, or,
    when the service refuses, ask again with its reasons. `back` is where Cancel leads."""
    if request.method == "POST" and refusals.apply(request, delete):
        return redirect(done)
    context = {"question": question, "record": record, "back": back, "refusals": refusals.pop(request)}
    return render(request, "web/administration/rules_delete.html", context)
