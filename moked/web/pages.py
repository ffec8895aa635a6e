"""The pages that belong to no area: the front page, where signing in leads, the health check, the
icon, and the page for a form sent without its token."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _


def home(request):
    return render(request, "web/home.html", {"provider_name": settings.MOKED_PROVIDER_NAME})


def csrf_failure(request, reason=""):
    """A form sent without its valid token (mostly: one left open across a sign-out or sign-in),
    said in the reader's words, on Moked's page."""
    explanation = _("This form has expired. Go back, reload the page and send it again.")
    return render(request, "403.html", {"reason": explanation}, status=403)


def favicon(request):
    """For browsers and pages that ask for /favicon.ico without a link to the icon (the API's
    browsable pages, Django's admin site): the icon the pages link to."""
    return redirect(static("web/favicon.ico"), permanent=True)


def health(request):
    """For load balancers and `make demo`: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def start(request):
    """Where signing in leads: the workspace for the provider's staff, the portal for clients."""
    return redirect("desk" if request.user.is_staff_member else "portal")
