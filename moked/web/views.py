from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render


def home(request):
    return render(request, "web/home.html", {"provider_name": settings.MOKED_PROVIDER_NAME})


def health(request):
    """For load balancers and `make demo`: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
