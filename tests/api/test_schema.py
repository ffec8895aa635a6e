import pytest
from django.core.management import call_command
from rest_framework.test import APIClient


def test_the_openapi_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    schema = (tmp_path / "schema.yml").read_text()
    for path in (
        "/api/v1/tickets/{reference}/escalate/",
        "/api/v1/calls/",
        "/api/v1/organisations/",
        "/api/v1/knowledge/articles/{id}/variants/{language}/versions/compare/",
        "/api/v1/knowledge/suggestions/",
    ):
        assert f"  {path}:" in schema


@pytest.mark.django_db
def test_schema_and_docs_are_served_without_a_cdn():
    client = APIClient()
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200 and schema.json()["info"]["title"] == "Moked API"
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html and "cdn" not in html.lower()
