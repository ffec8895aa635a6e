"""The one-time secret page (`/secrets/<token>/`, fulfilment.services.secret_path): where a new
temporary password reaches its person. Opening the link only shows a button, so that a mail
scanner following links does not use it up; pressing it (a POST, signed in as that person) shows
the password once (fulfilment.services.reveal_secret forgets it as it is read). No cache keeps the
page, no referrer carries the link to another site, and the value is never logged (not even in an error
report's variables)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_variables

from moked.fulfilment.services import SecretUnavailable, reveal_secret


@never_cache  # outermost: the sign-in redirect, which carries the link, is not kept either
@login_required
@sensitive_variables("value", "context")
def one_time_secret(request, token):
    context: dict = {"revealed": False}
    if request.method == "POST":
        try:
            value = reveal_secret(request.user, token)
        except SecretUnavailable as refusal:
            context["unavailable"] = refusal.messages[0]
        else:
            context.update(revealed=True, value=value)
    response = render(request, "web/secret.html", context)
    response["Referrer-Policy"] = "same-origin"
    return response
