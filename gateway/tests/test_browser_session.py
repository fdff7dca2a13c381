"""Sign-in for a browser: the refresh token in an HttpOnly cookie scoped to the refresh route, CSRF by
double submit, cross-site requests refused; the JSON login of other clients unchanged."""

import jwt
import pytest

from interra_chassis.testing import PASSWORD

REFRESH = "/auth/browser/refresh"


def claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


CREDENTIALS = {"username": "rania@example.org", "password": PASSWORD}


def set_cookies(response) -> dict[str, dict]:
    """Each Set-Cookie of an answer: name -> {"value": ..., attribute (lower case) -> value or True}."""
    cookies = {}
    for header in response.raw.headers.getlist("Set-Cookie"):
        first, *attributes = [part.strip() for part in header.split(";")]
        name, _, value = first.partition("=")
        parsed = {"value": value}
        for attribute in attributes:
            key, has_value, setting = attribute.partition("=")
            parsed[key.lower()] = setting if has_value else True
        cookies[name] = parsed
    return cookies


@pytest.fixture
def refresh_ttl(platform):
    gateway = next(c for c in platform.containers if c.service_name == "gateway")
    return next(d for d in gateway.dependencies if type(d).__name__ == "Edge").refresh_ttl


@pytest.fixture
def signed_in(api, member):
    """A browser sign-in of Rania: (answer, its cookies)."""
    member("Rania")
    response = api.post("/auth/browser/token", CREDENTIALS)
    assert response.status_code == 200, response.text
    return response, set_cookies(response)


def refresh(api, cookies: dict, csrf: str | None, **headers):
    """POST (or another method) to the refresh route as a browser would: the cookies it keeps, the CSRF header."""
    method = headers.pop("method", "post")
    sent = {"Cookie": "; ".join(f"{name}={c['value']}" for name, c in cookies.items()), **headers}
    if csrf is not None:
        sent["X-CSRF-Token"] = csrf
    return getattr(api.session, method)(REFRESH, headers=sent)


def test_the_cookies_are_http_only_secure_strict_and_scoped(signed_in, refresh_ttl):
    _, cookies = signed_in
    assert set(cookies) == {"interra_refresh", "interra_csrf"}
    refresh_cookie = {key: value for key, value in cookies["interra_refresh"].items() if key != "value"}
    assert refresh_cookie == {
        "max-age": str(refresh_ttl),
        "path": REFRESH,
        "secure": True,
        "httponly": True,
        "samesite": "Strict",
    }
    csrf_cookie = {key: value for key, value in cookies["interra_csrf"].items() if key != "value"}
    assert csrf_cookie == {"max-age": str(refresh_ttl), "path": "/", "secure": True, "samesite": "Strict"}
    assert len(cookies["interra_refresh"]["value"]) >= 40


def test_the_answer_carries_the_access_token_but_not_the_refresh_token(signed_in):
    response, cookies = signed_in
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "csrf_token"}
    assert body["token_type"] == "Bearer" and body["csrf_token"] == cookies["interra_csrf"]["value"]
    assert cookies["interra_refresh"]["value"] not in response.text
    assert response.headers["Cache-Control"] == "no-store"


def test_refresh_with_the_cookie_and_the_csrf_token_works_once_and_rotates(api, signed_in, web_config_port):
    response, cookies = signed_in
    first = refresh(api, cookies, cookies["interra_csrf"]["value"], Origin=f"http://127.0.0.1:{web_config_port}")
    assert first.status_code == 200, first.text
    rotated = set_cookies(first)
    assert rotated["interra_refresh"]["value"] != cookies["interra_refresh"]["value"]
    assert rotated["interra_csrf"]["value"] != cookies["interra_csrf"]["value"]
    assert "refresh_token" not in first.json()
    member_id = claims(response.json()["access_token"])["member_id"]
    fresh = first.json()["access_token"]
    assert claims(fresh)["member_id"] == member_id
    me = api.session.get(f"/members/{member_id}", headers={"Authorization": f"Bearer {fresh}"})
    assert me.status_code == 200, me.text

    again = refresh(api, cookies, cookies["interra_csrf"]["value"], **{"Sec-Fetch-Site": "same-origin"})
    assert again.status_code == 401
    assert again.headers["Content-Type"] == "application/problem+json"
    assert refresh(api, rotated, rotated["interra_csrf"]["value"]).status_code == 200


@pytest.mark.parametrize("csrf", [None, "", "not-the-token", "use-the-other-cookie"])
def test_a_missing_or_wrong_csrf_token_is_refused_and_the_session_survives(api, signed_in, csrf):
    _, cookies = signed_in
    sent = cookies["interra_refresh"]["value"] if csrf == "use-the-other-cookie" else csrf
    refused = refresh(api, cookies, sent)
    assert refused.status_code == 403
    assert refused.json()["title"] == "Forbidden" and "X-CSRF-Token" in refused.json()["detail"]
    assert "Set-Cookie" not in refused.headers
    assert refresh(api, cookies, cookies["interra_csrf"]["value"]).status_code == 200


def test_a_missing_or_unknown_cookie_is_refused(api, signed_in):
    _, cookies = signed_in
    csrf = cookies["interra_csrf"]["value"]
    assert refresh(api, {"interra_csrf": cookies["interra_csrf"]}, csrf).status_code == 401
    unknown = {**cookies, "interra_refresh": {"value": "x" * 43}}
    response = refresh(api, unknown, csrf)
    assert response.status_code == 401 and response.json()["status"] == 401


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"}],
)
def test_a_cross_site_request_is_refused(api, signed_in, headers):
    _, cookies = signed_in
    refused = refresh(api, cookies, cookies["interra_csrf"]["value"], **headers)
    assert refused.status_code == 403 and refused.json()["detail"] == "this request comes from another site"
    login = api.session.post("/auth/browser/token", json=CREDENTIALS, headers=headers)
    assert login.status_code == 403 and "Set-Cookie" not in login.headers


def test_a_json_refresh_token_is_no_browser_session(api, member):
    member("Rania")
    pair = api.post("/auth/token", CREDENTIALS).json()
    cookies = {"interra_refresh": {"value": pair["refresh_token"]}}
    assert refresh(api, cookies, "anything").status_code == 401


def test_sign_out_revokes_the_refresh_token_and_clears_the_cookies(api, signed_in):
    _, cookies = signed_in
    csrf = cookies["interra_csrf"]["value"]
    assert refresh(api, cookies, "wrong", method="delete").status_code == 403
    response = refresh(api, cookies, csrf, method="delete")
    assert response.status_code == 204
    cleared = set_cookies(response)
    assert cleared["interra_refresh"] == {
        "value": "",
        "max-age": "0",
        "path": REFRESH,
        "secure": True,
        "httponly": True,
        "samesite": "Strict",
    }
    assert cleared["interra_csrf"]["value"] == "" and cleared["interra_csrf"]["max-age"] == "0"
    assert refresh(api, cookies, csrf).status_code == 401


def test_the_json_flow_is_unchanged(api, member):
    member("Rania")
    response = api.post("/auth/token", CREDENTIALS)
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    pair = response.json()
    assert set(pair) == {"access_token", "token_type", "expires_in", "refresh_token"}
    refreshed = api.post("/auth/refresh", {"refresh_token": pair["refresh_token"]})
    assert refreshed.status_code == 200 and "Set-Cookie" not in refreshed.headers
    assert set(refreshed.json()) == {"access_token", "token_type", "expires_in", "refresh_token"}
    assert api.post("/auth/refresh", {"refresh_token": pair["refresh_token"]}).status_code == 401


def test_browser_sign_in_keeps_the_lockout(api, member):
    member("Rania")
    wrong = {"username": "rania@example.org", "password": "not the password"}
    statuses = [api.post("/auth/browser/token", wrong).status_code for _ in range(5)]
    assert statuses == [401, 401, 401, 401, 429]
    assert api.post("/auth/browser/token", CREDENTIALS).status_code == 429
