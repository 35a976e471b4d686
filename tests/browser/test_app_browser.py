"""The teaching app in a real browser, as a room without internet would see it.

A fixture starts ``hiresim app`` on a free port of 127.0.0.1 with solara's CDN pointed
at a dead local address, so any script or style not shipped with the installed packages
fails to load. Headless Debian chromium, driven by playwright, opens the page, moves a
slider, flips a mechanism switch, presses Reset and Step, and checks that every chart
changed, that every request stayed on this computer and that nothing failed.

Screenshots land in the test's temporary directory, and also in the directory named by
``HIRESIM_SCREENSHOT_DIR`` when it is set (docs/figures/app.png is taken from there).
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
DEAD_CDN = "http://127.0.0.1:9/"  # nothing listens there: a room without internet
START_LIMIT = 180.0  # seconds to wait for the server to answer (a busy CI machine)
PAGE_TIMEOUT_MS = 120_000
VIEWPORT = {"width": 1400, "height": 1900}
CHARTS = 5


def require_browser() -> None:
    """Skip without chromium or playwright, except in CI, where both must be there."""
    problem = None
    if not os.path.exists(CHROMIUM):
        problem = f"{CHROMIUM} is missing (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "the playwright package is missing (pip install -e '.[test]')"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser test cannot run in CI: {problem}")
        pytest.skip(problem)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``hiresim app`` serving on 127.0.0.1 with no CDN to fall back on."""
    require_browser()
    workdir = tmp_path_factory.mktemp("app-server")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "SOLARA_ASSETS_CDN": DEAD_CDN, "PYTHONUNBUFFERED": "1"}
    log_path = workdir / "server.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "hiresim.cli.main", "app", "--host", "127.0.0.1",
             "--port", str(port), "--no-browser"],
            cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_LIMIT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"hiresim app exited with {proc.returncode}:\n"
                            + log_path.read_text())
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail("hiresim app did not answer:\n" + log_path.read_text())
            time.sleep(0.5)
        yield url
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def page(app_url: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=VIEWPORT)
            page = context.new_page()
            page.set_default_timeout(PAGE_TIMEOUT_MS)
            yield page
        finally:
            browser.close()


def shipped_assets() -> set[str]:
    """Paths under solara's CDN route that the solara-assets package installs."""
    marker = "share/solara/cdn/"
    files = importlib.metadata.files("solara-assets") or []
    return {str(f).replace("\\", "/").split(marker, 1)[1] for f in files
            if marker in str(f).replace("\\", "/")}


def chart_shots(page: Any) -> list[bytes]:
    items = page.locator(".vue-grid-item:not(.vue-grid-placeholder)")
    return [items.nth(i).screenshot() for i in range(items.count())]


def wait_for_summary(page: Any, text: str) -> None:
    page.locator(".vue-grid-item", has_text=text).first.wait_for()


def test_dashboard_in_chromium_offline(page: Any, app_url: str, tmp_path: Path) -> None:
    requests: list[str] = []
    failures: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("websocket", lambda ws: requests.append(ws.url))
    page.on("requestfailed", lambda r: failures.append(f"{r.url}: {r.failure}"))
    page.on("response", lambda r: failures.append(f"{r.url}: {r.status}")
            if r.status >= 400 else None)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    page.goto(app_url)
    page.get_by_role("slider", name="Meetings per month").wait_for(state="attached")
    page.locator(".vue-grid-item img").nth(CHARTS - 1).wait_for()
    wait_for_summary(page, "Week 0")
    assert page.locator(".vue-grid-item img").count() == CHARTS
    for name in ("Reset", "Step"):
        assert page.get_by_role("button", name=name).is_visible()
    before = chart_shots(page)
    page.screenshot(path=tmp_path / "app-before.png", full_page=True)

    # Move a lever with the mouse (a click a fifth of the way along its track) and
    # switch signalling off; both apply from the next Reset.
    slider = page.get_by_role("slider", name="Meetings per month")
    track = page.locator(".v-input__slider", has_text="Meetings per month").locator(".v-slider")
    track.click(position={"x": 0.2 * track.bounding_box()["width"], "y": 16})
    page.wait_for_function(
        "() => document.querySelector('[aria-label=\"Meetings per month\"]')"
        ".getAttribute('aria-valuenow') !== '2'")
    meetings = slider.get_attribute("aria-valuenow")
    assert 5 <= float(meetings) <= 7  # a fifth of 0-30
    page.locator("label", has_text="Factor 2: signalling channel").click()
    page.get_by_role("button", name="Reset").click()
    wait_for_summary(page, f"Meetings per month: {meetings};")
    wait_for_summary(page, "signalling channel (CV, interview, referrals): off")
    step = page.get_by_role("button", name="Step")
    for week in range(1, 5):
        step.click()
        wait_for_summary(page, f"Week {week}")

    deadline = time.monotonic() + 60  # the last pictures may still be on their way
    after = chart_shots(page)
    while any(a == b for a, b in zip(before, after, strict=True)) and time.monotonic() < deadline:
        page.wait_for_timeout(500)
        after = chart_shots(page)
    page.screenshot(path=tmp_path / "app-after.png", full_page=True)
    if os.environ.get("HIRESIM_SCREENSHOT_DIR"):
        out = Path(os.environ["HIRESIM_SCREENSHOT_DIR"])
        out.mkdir(parents=True, exist_ok=True)
        for name in ("app-before.png", "app-after.png"):
            shutil.copy(tmp_path / name, out / name)

    assert len(after) == len(before) == CHARTS + 1  # five charts and the summary
    unchanged = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a == b]
    assert not unchanged, f"panels {unchanged} did not change after Reset and four Steps"
    body = page.locator("body").inner_text()
    assert "Traceback" not in body and "Error" not in body

    host = urlsplit(app_url).netloc
    off_host = [u for u in requests
                if urlsplit(u).scheme in ("http", "https", "ws", "wss")
                and urlsplit(u).netloc != host]
    assert not off_host, f"the page asked for other hosts: {off_host}"
    assert not failures, failures
    assert not errors, errors
    cdn = "/_solara/cdn/"
    fetched = {urlsplit(u).path.split(cdn, 1)[1] for u in requests if cdn in u}
    assert fetched, "the page loaded nothing through solara's asset route"
    missing = fetched - shipped_assets()
    assert not missing, f"not shipped with solara-assets: {sorted(missing)}"
