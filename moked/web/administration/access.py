"""Who may open the administration pages: active admins of the provider."""

from functools import wraps

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def admin_page(view):
    """A view for admins only: others who are signed in get 403, strangers the sign-in page."""

    @login_required
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not rules.has_perm("people.administer", request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked
