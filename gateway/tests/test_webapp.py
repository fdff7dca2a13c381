"""The web app at / and /assets/: a small built app in tmp_path (WEB_DIST), served by the gateway alone."""

import gzip
import http.client

import pytest

from gateway import webapp
from gateway.service import GatewayService

PAGE = '<!doctype html><html lang="fr"><script type="module" src="/assets/index-Ab1_x9.js"></script></html>'
SCRIPT = "console.log('Interra');" * 200
STRICT_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
ASSETS = {
    "index-Ab1_x9.js": ("text/javascript; charset=utf-8", SCRIPT.encode()),
    "index-Cd2-y8.css": ("text/css; charset=utf-8", b"body{margin:0}"),
    "logo-Ef3.svg": ("image/svg+xml; charset=utf-8", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
    "inter-Gh4.woff2": ("font/woff2", b"wOF2\x00\x01"),
    "icon-Ij5.png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    "site-Kl6.webmanifest": ("application/manifest+json", b'{"name": "Interra"}'),
}


@pytest.fixture
def dist(tmp_path, monkeypatch):
    """A built app as Vite writes it, and files (*-CONTENT) that must never be served."""
    folder = tmp_path / "dist"
    (folder / "assets").mkdir(parents=True)
    (folder / ".vite").mkdir()
    (folder / "index.html").write_text(PAGE)
    (folder / ".vite" / "manifest.json").write_text('{"MANIFEST-CONTENT": 1}')
    for name, (_, body) in ASSETS.items():
        (folder / "assets" / name).write_bytes(body)
    (folder / "assets" / ".hidden.js").write_text("HIDDEN-CONTENT")
    (folder / "assets" / "notes.txt").write_text("NOTES-CONTENT")
    (tmp_path / "secret.js").write_text("SECRET-CONTENT")
    (folder / "assets" / "escape.js").symlink_to(tmp_path / "secret.js")
    monkeypatch.setenv("WEB_DIST", str(folder))
    return folder


@pytest.fixture
def gateway(container_factory, rabbit_config, web_config, data_dir, web_session):
    """The gateway alone: the web app needs no service."""
    container = container_factory(GatewayService, {**rabbit_config, **web_config})
    container.start()
    return web_session


def assert_app_headers(response):
    assert response.headers["Content-Security-Policy"] == STRICT_POLICY
    assert "unsafe" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_page_is_served_at_the_root_and_revalidated_at_each_visit(dist, gateway):
    response = gateway.get("/", headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.text == PAGE
    assert_app_headers(response)
    again = gateway.get("/", headers={"Accept-Encoding": "identity", "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize("name", ASSETS)
def test_hashed_assets_are_cached_for_a_year_with_their_type(dist, gateway, name):
    media_type, body = ASSETS[name]
    response = gateway.get(f"/assets/{name}", headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == media_type
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.content == body
    assert_app_headers(response)


def test_text_assets_are_gzipped_for_browsers_that_accept_it(dist, gateway):
    response = gateway.get("/assets/index-Ab1_x9.js", headers={"Accept-Encoding": "gzip, deflate"}, stream=True)
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Vary"] == "Accept-Encoding"
    raw = response.raw.read()
    assert len(raw) < len(SCRIPT) / 10
    assert gzip.decompress(raw) == SCRIPT.encode()
    not_text = gateway.get("/assets/inter-Gh4.woff2", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in not_text.headers


def raw_get(port: int, path: str) -> http.client.HTTPResponse:
    """A request line sent as written: no client tidies `..` or `%2e%2e` away."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", path)
    return connection.getresponse()


@pytest.mark.parametrize(
    "path",
    [
        "/assets/missing-Zz9.js",
        "/assets/../../secret.js",
        "/assets/%2e%2e/%2e%2e/secret.js",
        "/assets/..%2f..%2fsecret.js",
        "/assets/%2e%2e%2findex.html",
        "/assets/..%5c..%5csecret.js",
        "/assets//etc/passwd",
        "/assets/%2fetc%2fpasswd",
        "/assets/escape.js",
        "/assets/.hidden.js",
        "/assets/notes.txt",
        "/assets/../.vite/manifest.json",
        "/assets/%2e%2e/.vite/manifest.json",
    ],
)
def test_a_missing_asset_or_a_path_out_of_the_assets_is_not_found(dist, gateway, web_config_port, path):
    response = raw_get(web_config_port, path)
    body = response.read()
    assert response.status == 404, body
    assert response.getheader("Content-Type") == "application/problem+json"
    assert b"-CONTENT" not in body


@pytest.mark.parametrize("name", ["../../secret.js", "../index.html", "/etc/passwd", "a/../../secret.js", "escape.js"])
def test_the_asset_function_never_reads_outside_the_assets(dist, name):
    class Request:
        headers = {}

    assert webapp.asset(Request(), name).status_code == 404


def test_without_a_build_the_page_says_to_run_make_web(tmp_path, monkeypatch, gateway):
    monkeypatch.setenv("WEB_DIST", str(tmp_path / "not-built"))
    response = gateway.get("/")
    assert response.status_code == 503
    assert response.headers["Content-Type"] == "application/problem+json"
    assert "make web" in response.json()["detail"]
    assert gateway.get("/assets/index-Ab1_x9.js").status_code == 404


def test_the_api_and_its_documents_still_answer_beside_the_app(dist, gateway):
    document = gateway.get("/openapi.json").json()
    assert "/" not in document["paths"] and not any(path.startswith("/assets") for path in document["paths"])
    assert gateway.get("/docs").status_code == 200
    assert gateway.get("/no/such/route").status_code == 404
    refused = gateway.post("/")
    assert (refused.status_code, refused.headers["Content-Type"]) == (405, "application/problem+json")
    assert refused.headers["Allow"] == "GET"
