"""The OpenAPI document the server generates is a valid OpenAPI 3.1 document (checked with
openapi-spec-validator against the published schema), and the docs page it serves loads
nothing from outside."""

import json
import urllib.request

from openapi_spec_validator import validate


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.status, r.headers.get("Content-Type", ""), r.read()


def test_the_openapi_document_validates(server):
    status, ctype, body = fetch(server + "/api/v1/openapi.json")
    assert status == 200 and ctype.startswith("application/json")
    doc = json.loads(body)
    validate(doc)  # raises on any violation of the OpenAPI schema
    for path in ["/api/v1/series", "/api/v1/facts", "/api/v1/verify", "/api/v1/brief"]:
        assert path in doc["paths"], path


def test_the_docs_page_is_served_from_the_binary(server):
    status, ctype, body = fetch(server + "/api/v1/docs/")
    assert status == 200 and ctype.startswith("text/html")
    page = body.decode()
    assert "swagger" in page.lower()
    assert "unpkg.com" not in page and "cdn." not in page
