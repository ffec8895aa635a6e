"""Whatever Moked answers a signed-in person (a page, an API answer, a file) is theirs alone:
`Cache-Control: private, no-store`, so that no shared cache or proxy keeps it and the browser
does not write it to disk."""

from django.utils.cache import patch_cache_control


class PrivateAnswersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)  # an API token's person too: DRF sets it on the request
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
