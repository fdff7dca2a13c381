"""The web app in a real browser: Debian's Chromium (/usr/bin/chromium, `make test` installs it) driven by
Playwright, on a phone's screen, against ONE platform for all browser tests (`web_platform`: started as
`make run` starts it, by tests/conftest.py's running_platform, in a vhost of its own), which serves the app
built by `make web`. Tests share it, so each one makes its own people: `new_member` gives unique e-mails.

Helpers: `page` (a fresh phone-sized page; override `locale` to change its language; `desktop_page` for
the staff console), `screenshot(name)` (kept under the test's tmp dir and in test-output/screenshots/ for
people to look at), `axe(page)` (fails on any serious or critical accessibility violation),
`new_member(page, name, **changes)` (registered over the API), `staff_account(web_platform, *roles)`,
`sign_in(page, email, password)` (through the sign-in screen, in English unless told).
"""

import asyncio
import shutil
import uuid
from pathlib import Path
from urllib.parse import urlparse

import greenlet
import pytest
from axe_playwright_python.sync_playwright import Axe
from nameko.standalone.rpc import ClusterRpcProxy
from playwright._impl import connection as playwright_connection
from playwright.sync_api import sync_playwright

from gateway.testing import profile
from interra_chassis.config import settings
from interra_chassis.testing import PASSWORD

from ..conftest import running_platform

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-output" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
BLOCKING_IMPACTS = ("serious", "critical")


def web_dist() -> Path:
    """The built app, as the gateway finds it (WEB_DIST from the repository), or a failure saying what to run."""
    folder = ROOT / settings().web_dist
    if not (folder / "index.html").is_file():
        pytest.fail(f"the web app is not built ({folder}/index.html is missing): run `make web` (make test does)")
    return folder


def axe(page) -> dict:
    """Run axe-core (bundled with axe-playwright-python: nothing is downloaded) on the page as it is now;
    fail listing every violation of impact serious or critical. Returns axe's results."""
    results = Axe().run(page).response
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"{len(blocking)} serious or critical accessibility violation(s) on {page.url}:"]
        for violation in blocking:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}")
            for node in violation["nodes"]:
                lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:200]}")
        pytest.fail("\n".join(lines))
    return results


class _EventletFriendlyLoop(asyncio.SelectorEventLoop):
    """Playwright's sync API runs its asyncio loop in a greenlet of its own, which returns to the test when
    the driver stops. Under eventlet (the root conftest patches everything) each wait of that greenlet
    hands it to eventlet's hub, which makes itself the greenlet's parent: at the end it would return to
    the hub and the test would wait forever. Each run of the loop gives the greenlet its parent back."""

    def run_until_complete(self, future):
        current = greenlet.getcurrent()
        parent = current.parent
        try:
            return super().run_until_complete(future)
        finally:
            if parent is not None:  # the main greenlet has none
                current.parent = parent


class _EventletFriendlyPolicy(asyncio.DefaultEventLoopPolicy):
    _loop_factory = _EventletFriendlyLoop


class _HomeboundEventGreenlet(playwright_connection.EventGreenlet):
    """Playwright runs each page event's handlers (its own included) in a greenlet of their own, which
    returns to the dispatcher when done. If a handler waits under eventlet, eventlet's hub makes itself that
    greenlet's parent, and at the end control went to the hub: the dispatcher, and the test, waited forever
    (seen with Chromium 156.0.8078.114 in wait_for_load_state). This one goes back where it started."""

    def __init__(self, run):
        home = greenlet.getcurrent()

        def homebound(*args):
            try:
                return run(*args)
            finally:
                greenlet.getcurrent().parent = home

        super().__init__(homebound)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"no {CHROMIUM}: `make test` installs it (apt-get install chromium)")
    policy = asyncio.get_event_loop_policy()
    asyncio.set_event_loop_policy(_EventletFriendlyPolicy())
    event_greenlet = playwright_connection.EventGreenlet
    playwright_connection.EventGreenlet = _HomeboundEventGreenlet
    try:
        with sync_playwright() as playwright:
            # Debian's Chromium: Playwright downloads no browser here
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
            yield browser
            browser.close()
    finally:
        playwright_connection.EventGreenlet = event_greenlet
        asyncio.set_event_loop_policy(policy)


@pytest.fixture
def locale():
    """The phone's language (navigator.language): a test changes it with parametrize("locale", [...])."""
    return "fr-BE"


@pytest.fixture
def built_app() -> Path:
    """The built app (web_dist()), checked before a platform is started for nothing."""
    return web_dist()


@pytest.fixture(scope="session")
def web_platform(rabbit_manager, request, tmp_path_factory):
    """One platform for every browser test (starting one takes seconds): its own vhost, var dir and port.
    Yields url, var, amqp_uri and rabbit_config (for RPC, as `make admin` does)."""
    uri = urlparse(request.config.getoption("RABBIT_AMQP_URI"))
    vhost = f"interra_web_{uuid.uuid4().hex[:10]}"
    rabbit_manager.create_vhost(vhost)
    rabbit_manager.set_vhost_permissions(vhost, uri.username, ".*", ".*", ".*")
    amqp_uri = f"{uri.scheme}://{uri.netloc}/{vhost}"  # as nameko's rabbit_config makes it
    try:
        # every browser test signs in from 127.0.0.1, and each page load refreshes the session once: the
        # per-client limits (RATE_LIMIT_LOGIN: 10 a minute) are for people, not for a whole suite
        limits = {"RATE_LIMIT_LOGIN": "100000/60", "RATE_LIMIT_WRITE": "100000/60"}
        with running_platform(amqp_uri, tmp_path_factory.mktemp("web"), limits) as running:
            yield {**running, "rabbit_config": {"AMQP_URI": amqp_uri}}
    finally:
        rabbit_manager.delete_vhost(vhost)


def _new_page(browser, web_platform, locale, viewport, mobile):
    context = browser.new_context(
        base_url=web_platform["url"],
        viewport=viewport,
        device_scale_factor=2 if mobile else 1,
        is_mobile=mobile,
        has_touch=mobile,
        locale=locale,
        timezone_id="Europe/Brussels",
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and problems.append(f"CSP: {message.text}"),
    )
    return context, page, problems


@pytest.fixture
def page(built_app, browser, locale, web_platform):
    """A new page on a phone (390x844, touch) with the platform's gateway as base URL: page.goto("/").
    Fails the test when the page throws or the browser refuses something under the Content-Security-Policy."""
    context, page, problems = _new_page(browser, web_platform, locale, PHONE, mobile=True)
    yield page
    context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def desktop_page(built_app, browser, locale, web_platform):
    """Like `page`, on a coordinator's laptop screen (1280x800, mouse and keyboard)."""
    context, page, problems = _new_page(browser, web_platform, locale, DESKTOP, mobile=False)
    yield page
    context.close()
    assert not problems, "\n".join(problems)


def new_member(page, name: str, **changes) -> dict:
    """Register a member over the API through the page's own request context (the shared platform: the
    e-mail is made unique). Returns the profile sent, with its member_id; sign in with its email and
    PASSWORD."""
    unique = uuid.uuid4().hex[:8]
    member = profile(name, email=f"{name.lower()}.{unique}@example.org", **changes)
    response = page.request.post("/members", data=member)
    assert response.status == 201, response.text()
    return {**member, "member_id": response.json()["member_id"]}


def staff_account(web_platform, *roles: str) -> tuple[str, str]:
    """A staff account with these roles (e.g. "coordinator:workshops", "admin"), created over RPC as
    `make admin` does. Returns (email, password)."""
    email = f"staff.{uuid.uuid4().hex[:8]}@interra.be"
    with ClusterRpcProxy(web_platform["rabbit_config"]) as rpc:
        rpc.members.create_staff({"email": email, "password": PASSWORD, "roles": list(roles)})
    return email, PASSWORD


def sign_in(page, email: str, password: str = PASSWORD, language: str = "English") -> None:
    """Choose the language on the first screen, then sign in through the sign-in screen."""
    page.goto("/")
    page.get_by_role("button", name=language).click()
    page.goto("/#/login")
    page.locator("input[autocomplete=username]").fill(email)
    page.locator("input[type=password]").fill(password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(lambda url: "#/login" not in url)


@pytest.fixture
def screenshot(page, tmp_path):
    """screenshot(name): the whole page as a PNG, under the test's tmp dir and in test-output/screenshots/."""

    def take(name: str) -> Path:
        path = tmp_path / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, SCREENSHOTS / path.name)
        return path

    return take
