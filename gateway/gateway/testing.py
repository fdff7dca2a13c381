"""Helpers for tests that drive the API over HTTP as a frontend would."""

import requests

from interra_chassis.testing import PASSWORD


class BaseUrlSession(requests.Session):
    """A requests session whose paths are relative to the gateway's address."""

    def __init__(self, base_url: str):
        super().__init__()
        self.base_url = base_url.rstrip("/")

    def request(self, method, url, *args, **kwargs):
        kwargs.setdefault("timeout", 30)
        return super().request(method, self.base_url + url, *args, **kwargs)


class Client:
    """A web session speaking for one principal."""

    def __init__(self, session, token=None, member_id=None):
        self.session, self.token, self.member_id = session, token, member_id

    def _headers(self, headers):
        return {**({"Authorization": f"Bearer {self.token}"} if self.token else {}), **(headers or {})}

    def get(self, path, headers=None, **kw):
        return self.session.get(path, headers=self._headers(headers), **kw)

    def post(self, path, json=None, headers=None, **kw):
        return self.session.post(path, json=json, headers=self._headers(headers), **kw)

    def patch(self, path, json=None, headers=None, **kw):
        return self.session.patch(path, json=json, headers=self._headers(headers), **kw)

    def put(self, path, json=None, headers=None, **kw):
        return self.session.put(path, json=json, headers=self._headers(headers), **kw)

    def delete(self, path, headers=None, **kw):
        return self.session.delete(path, headers=self._headers(headers), **kw)


def log_in(web_session, username, password=PASSWORD) -> str:
    response = web_session.post("/auth/token", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return response.json()["access_token"]
