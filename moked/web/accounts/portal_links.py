"""The page a link in a client's mail opens (moked.accounts.portal_links).

GET only shows a page: a button to open the request (the POST signs the person in, once), or
that someone else is signed in here and must sign out first, or that the link no longer works,
with a button that mails the person a new one. Nothing signs in or out on a GET, so a mail
scanner or a prefetch that follows the link spends nothing.
"""

from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from moked.accounts import portal_links as magic
from moked.mail.portal_links import renew

BACKEND = "django.contrib.auth.backends.ModelBackend"


@never_cache
@require_http_methods(["GET", "POST"])
def portal_link(request, token):
    link = magic.find(token)
    if link is None or not magic.usable(link):
        return _no_longer_works(request, link)
    signed_in = request.user if request.user.is_authenticated else None
    if signed_in is not None and signed_in.pk == link.person_id:
        return redirect("portal-ticket", reference=link.ticket.reference)
    if signed_in is not None:  # never replace another person's session, an agent's least of all
        return render(request, "web/accounts/portal_link.html", {"other_session": True}, status=409)
    if request.method == "POST" and request.POST.get("action") == "open":
        if not magic.spend(link):
            return _no_longer_works(request, link)
        login(request, link.person, backend=BACKEND)
        return redirect("portal-ticket", reference=link.ticket.reference)
    return render(request, "web/accounts/portal_link.html", {"link": link})


def _no_longer_works(request, link):
    """Used, expired, or its person's password changed: a genuine link's person may ask for a new
    one, which goes to their own address; a forged one gets the same page without the offer."""
    renewable = link is not None and magic.still_theirs(link)
    context = {"renewable": renewable, "renewed": False}
    if request.method == "POST" and request.POST.get("action") == "renew" and renewable:
        renew(link)
        context["renewed"] = True  # the same answer whether or not one was just sent
    return render(request, "web/accounts/portal_link_expired.html", context, status=400)
