"""The web app (web/, built by `make web` into WEB_DIST): its one page at / and its hashed assets at
/assets/<file>, under a Content-Security-Policy that allows nothing inline and nothing from elsewhere.

The app routes with the URL's hash, so `/` is its only page. Asset names carry a hash of their content:
they are cached for a year; the page is revalidated at each visit, so a new build reaches every phone
at once. Text assets go gzipped to browsers that accept it (members on slow connections).
"""

import functools
import gzip
import re
from pathlib import Path

from werkzeug.wrappers import Response

from gateway.edge import SECURITY_HEADERS, HttpProblem, problem, request_id_of
from interra_chassis.config import settings

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
APP_HEADERS = {**SECURITY_HEADERS, "Content-Security-Policy": CONTENT_SECURITY_POLICY}
PAGE_HEADERS = {**APP_HEADERS, "Cache-Control": "no-cache"}
ASSET_HEADERS = {**APP_HEADERS, "Cache-Control": "public, max-age=31536000, immutable"}
MEDIA_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".webmanifest": "application/manifest+json",
    ".json": "application/json",
}
"""The only files served from assets/: anything else is not found."""
COMPRESSIBLE = frozenset({".html", ".js", ".mjs", ".css", ".svg", ".webmanifest", ".json"})
ASSET_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$")
"""Names as Vite writes them (index-B1c_x9Zq.js): no '..', no hidden file, no backslash, no absolute path."""


def dist() -> Path:
    """The built app's folder (WEB_DIST), read at each request so that tests may point it elsewhere."""
    return settings().web_dist


def page(request) -> Response:
    if request.method not in ("GET", "HEAD"):
        detail = f"{request.method} is not allowed here; use GET"
        return _problem(request, 405, "Method not allowed", detail, {"Allow": "GET"})
    index = dist() / "index.html"
    if not index.is_file():
        return _problem(request, 503, "Web app not built", "the web app is not built: run `make web`")
    return _file(request, index, "text/html", PAGE_HEADERS)


def asset(request, name: str) -> Response:
    folder = dist() / "assets"
    path = (folder / name).resolve() if ASSET_NAME.match(name) else None
    media_type = MEDIA_TYPES.get(Path(name).suffix)
    if path is None or media_type is None or not path.is_relative_to(folder.resolve()) or not path.is_file():
        return _problem(request, 404, "Not found", f"no asset {name!r}")
    return _file(request, path, media_type, ASSET_HEADERS)


def _file(request, path: Path, media_type: str, headers: dict) -> Response:
    headers = {**headers, "Vary": "Accept-Encoding"}
    if path.suffix in COMPRESSIBLE and request.accept_encodings["gzip"] > 0:
        stat = path.stat()
        body = _gzipped(path, stat.st_mtime_ns, stat.st_size)
        headers["Content-Encoding"] = "gzip"
    else:
        body = path.read_bytes()
    response = Response(body, mimetype=media_type, headers=headers)
    response.add_etag()
    return response.make_conditional(request)


@functools.lru_cache(maxsize=256)
def _gzipped(path: Path, mtime_ns: int, size: int) -> bytes:
    """A file's gzipped bytes, once per version of the file (its time and size are in the key)."""
    return gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)


def _problem(request, status: int, title: str, detail: str, headers: dict | None = None) -> Response:
    return problem(HttpProblem(status, title, detail, headers=headers), request_id_of(request), {})
