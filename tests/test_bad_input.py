"""Hostile query strings get a clear 400 naming the parameter, on every database: never a 500."""

import pytest

from tests.factories import build_desk

SITE = [
    "/en/?rating=%00",
    "/en/?event=%00&source=x",
    "/en/search/?q=%00",
    "/ru/search/?q=%D0%B0%00",
]
API = [
    ("/api/v1/verdicts/?q=%00", "q"),
    ("/api/v1/verdicts/?rating=%00", "rating"),
    ("/api/v1/claims/?q=a%00b", "q"),
    ("/api/v1/verdicts/?updated_since=%00", "updated_since"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", SITE)
def test_nul_in_a_site_query_is_a_400(client, url):
    build_desk()
    response = client.get(url)
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "param"), API)
def test_nul_in_an_api_query_is_a_json_400_naming_it(client, partner_key, url, param):
    response = client.get(url, HTTP_AUTHORIZATION=f"Api-Key {partner_key}")
    assert response.status_code == 400
    assert response.json() == {param: ["Null characters are not allowed."]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/en/search/?q=" + "а" * 5000, "/en/search/?q=!!!%20%26%20|", "/en/?page=abc"]
)
def test_odd_but_harmless_queries_answer(client, url):
    build_desk()
    assert client.get(url).status_code == 200
