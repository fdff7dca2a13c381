"""The web app in a real browser: Debian's Chromium (/usr/bin/chromium, `make test` installs it) driven by
Playwright, on a phone's screen, against the platform started as `make run` starts it (tests/conftest.py's
`platform`), which serves the app built by `make web`.

Helpers: `page` (a fresh phone-sized page; override `locale` to change its language), `screenshot(name)`
(kept under the test's tmp dir and in test-output/screenshots/ for people to look at), `axe(page)`
(fails on any serious or critical accessibility violation).
"""

import asyncio
import shutil
from pathlib import Path

import greenlet
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from interra_chassis.config import settings

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-output" / "screenshots"
PHONE = {"width": 390, "height": 844}
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


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"no {CHROMIUM}: `make test` installs it (apt-get install chromium)")
    policy = asyncio.get_event_loop_policy()
    asyncio.set_event_loop_policy(_EventletFriendlyPolicy())
    try:
        with sync_playwright() as playwright:
            # Debian's Chromium: Playwright downloads no browser here
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
            yield browser
            browser.close()
    finally:
        asyncio.set_event_loop_policy(policy)


@pytest.fixture
def locale():
    """The phone's language (navigator.language): a test changes it with parametrize("locale", [...])."""
    return "fr-BE"


@pytest.fixture
def built_app() -> Path:
    """The built app (web_dist()), checked before a platform is started for nothing."""
    return web_dist()


@pytest.fixture
def page(built_app, browser, locale, platform):
    """A new page on a phone (390x844, touch) with the platform's gateway as base URL: page.goto("/").
    Fails the test when the page throws or the browser refuses something under the Content-Security-Policy."""
    context = browser.new_context(
        base_url=platform["url"],
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
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
    yield page
    context.close()
    assert not problems, "\n".join(problems)


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
