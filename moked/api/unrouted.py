"""What the API answers at an address under /api/v1/ that names no endpoint: its usual 404 in
JSON ({"code": "not_found", "message": ...}), not the site's HTML page; an address that lacks only
its final slash is sent to the one with it, as Django's APPEND_SLASH does for the pages."""

from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from rest_framework.exceptions import NotFound

NAME = "unrouted"


def _routed_with_slash(path: str) -> bool:
    try:
        return resolve(path + "/").url_name != NAME
    except Resolver404:
        return False


# It changes nothing, and an API client (a token, no session) sends no CSRF token with its POST.
@csrf_exempt
def unrouted(request, path=""):
    if not request.path_info.endswith("/") and _routed_with_slash(request.path_info):
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
    return JsonResponse({"code": NotFound.default_code, "message": str(NotFound.default_detail)}, status=404)
