"""The teaching app in a real browser, as a room without internet would see it.

A fixture starts ``hiresim app`` on a free port of 127.0.0.1 with solara's CDN pointed
at a dead local address, so any script or style not shipped with the installed packages
fails to load. Headless Debian chromium, driven by playwright, opens the page, moves a
slider, flips a mechanism switch, presses Reset and Step, and checks that every chart
changed, that every request stayed on this computer and that nothing failed; and that
the page says which evaluation it shows and offers no "Use Threads" switch.

A second test opens the page at the screen sizes of a classroom projector or laptop
(1366×768 to 1920×1080) and checks that every figure lies inside its panel and inside
every box that clips it, that no panel is taller than the window, that the page needs no
sideways scrolling, that the network picture's legend (which marks participants and the
control group) is text a room can read, and that the figures are shown large enough for
their own text to be read.

A third test follows docs/workshop.md's exercise 1, step 1, at 1920×1080 (Render interval
5, Step eight times: week 40 of seed 1), checks that the skills panel shows the same
picture as that run drawn here, and measures its arrows on the screen: a hundredth of
skill, and the participants' lead under informal skill, are at least
``charts.MIN_HUNDREDTH_PX`` CSS pixels long.

Screenshots of the window and of every panel land in the directory named by
``HIRESIM_SCREENSHOT_DIR``, or else in ``hiresim-app-screenshots`` in the system's
temporary directory (each run replaces the last; a failure names the files).
docs/figures/app.png was taken in the same way, at 1920×1080 at week 30.
"""

from __future__ import annotations

import base64
import importlib.metadata
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from hiresim.app import charts as app_charts

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
DEAD_CDN = "http://127.0.0.1:9/"  # nothing listens there: a room without internet
START_LIMIT = 180.0  # seconds to wait for the server to answer (a busy CI machine)
PAGE_TIMEOUT_MS = 120_000
VIEWPORT = {"width": 1920, "height": 1080}  # a full-HD projector
CHARTS = 5
#: Window sizes of the layout test and whether the sidebar is open: a small projector or
#: laptop (also with the sidebar hidden, as docs/workshop.md suggests), the most common
#: laptop (1920×1080 at 125 %), a full-HD projector.
SCREENS = [(1366, 768, True), (1366, 768, False), (1536, 864, True), (1920, 1080, True)]
#: A panel of the main area: a figure must lie inside the panel that holds it.
PANEL = ".hiresim-panel"
NETWORK_LEGEND = "Legend of the network picture"
MIN_TEXT_PX = 14  # the smallest text, in CSS pixels, a room is expected to read


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


def screenshot_folder(name: str) -> Path:
    """Where a browser test's screenshots go: ``HIRESIM_SCREENSHOT_DIR``, or else the
    folder ``name`` in the system's temporary directory (made if missing)."""
    out = Path(os.environ.get("HIRESIM_SCREENSHOT_DIR") or Path(tempfile.gettempdir()) / name)
    out.mkdir(parents=True, exist_ok=True)
    return out


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


@pytest.fixture(scope="module")
def screenshot_dir() -> Path:
    """Where the screenshots go (see the module's docstring)."""
    return screenshot_folder("hiresim-app-screenshots")


def chart_shots(page: Any) -> list[bytes]:
    items = page.locator(PANEL)
    return [items.nth(i).screenshot() for i in range(items.count())]


def wait_for_summary(page: Any, text: str) -> None:
    page.locator(PANEL, has_text=text).first.wait_for()


def test_dashboard_in_chromium_offline(page: Any, app_url: str, screenshot_dir: Path
                                       ) -> None:
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
    page.locator(f"{PANEL} img").nth(CHARTS - 1).wait_for()
    wait_for_summary(page, "Week 0")
    assert page.locator(f"{PANEL} img").count() == CHARTS
    for name in ("Reset", "Step"):
        assert page.get_by_role("button", name=name).is_visible()
    assert page.get_by_text("Evaluation shown: a randomised trial (RCT)").is_visible()
    assert page.get_by_text("Use Threads").count() == 0
    before = chart_shots(page)
    page.screenshot(path=screenshot_dir / "app-before.png")

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
    page.locator(".hiresim-header").scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "app-after.png")

    assert len(after) == len(before) == CHARTS + 1  # five charts and the summary
    unchanged = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a == b]
    assert not unchanged, f"panels {unchanged} did not change after Reset and four Steps"
    # Every panel shows the same week (they are drawn together), also while running.
    assert page.locator(".hiresim-caption").inner_text().startswith("Week 4:")
    page.get_by_role("button", name="▶").click()
    wait_for_summary(page, "Week 6")
    page.get_by_role("button", name="❚❚").click()
    deadline = time.monotonic() + 60
    while not step.is_enabled() and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    # The last week's pictures may still be on their way (a busy machine): wait for them.
    deadline = time.monotonic() + 60
    while True:
        caption = page.locator(".hiresim-caption").inner_text()
        heading = page.locator(f"{PANEL} h3").inner_text()
        if caption.split(":")[0] == heading or time.monotonic() > deadline:
            break
        page.wait_for_timeout(500)
    assert caption.split(":")[0] == heading, caption
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


#: Problems of the layout as the browser lays it out: figures outside their panel or cut
#: off by a box that clips them, panels taller than the window, sideways scrolling, and
#: figures shown too small for their text. Returns a list of sentences (empty: fine).
LAYOUT_PROBLEMS = """([panelSelector, minScale]) => {
  const problems = [];
  const box = (el) => el.getBoundingClientRect();
  const show = (r) => `${Math.round(r.width)}x${Math.round(r.height)} at ` +
                      `(${Math.round(r.left)}, ${Math.round(r.top)})`;
  const name = (el) => el.tagName.toLowerCase() + (el.getAttribute('alt') ?
                       ` "${el.getAttribute('alt')}"` : '');
  const inside = (r, p) => r.left >= p.left - 1 && r.top >= p.top - 1 &&
                           r.right <= p.right + 1 && r.bottom <= p.bottom + 1;
  const main = document.querySelector('.solara-autorouter-content');
  if (!main) return ['the main area (.solara-autorouter-content) is missing'];
  const bar = document.querySelector('header');
  const room = window.innerHeight - (bar ? box(bar).height : 0);
  for (const panel of main.querySelectorAll(panelSelector)) {
    const p = box(panel);
    if (p.height > room + 1)
      problems.push(`a panel is ${Math.round(p.height)} px high, more than the ` +
                    `${Math.round(room)} px of window below the app bar`);
  }
  const figures = [...main.querySelectorAll('img, svg, canvas, figure')]
    .filter((f) => !f.parentElement.closest('svg'));
  if (!figures.length) problems.push('no figure in the main area');
  for (const f of figures) {
    const r = box(f);
    const panel = f.closest(panelSelector);
    if (!panel) { problems.push(`${name(f)} ${show(r)} is in no panel`); continue; }
    const p = box(panel);
    if (!inside(r, p))
      problems.push(`${name(f)} ${show(r)} overflows its panel ${show(p)}`);
    for (let a = f.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      const style = getComputedStyle(a);
      const clipX = !['visible', 'auto', 'scroll'].includes(style.overflowX);
      const clipY = !['visible', 'auto', 'scroll'].includes(style.overflowY);
      const c = box(a);
      if ((clipX && (r.left < c.left - 1 || r.right > c.right + 1)) ||
          (clipY && (r.top < c.top - 1 || r.bottom > c.bottom + 1))) {
        problems.push(`${name(f)} ${show(r)} is cut off by a ${a.tagName.toLowerCase()}` +
                      ` ${show(c)} that hides its overflow`);
        break;
      }
    }
    if (f.tagName === 'IMG' && f.naturalWidth) {
      const scale = Math.min(r.width / f.naturalWidth, r.height / f.naturalHeight);
      if (scale < minScale)
        problems.push(`${name(f)} is shown at ${scale.toFixed(2)} of its size, too ` +
                      `small for its text (at least ${minScale.toFixed(2)})`);
    }
  }
  const boxes = [document.documentElement, main.closest('main'), ...main.querySelectorAll('*')];
  for (const el of boxes) {
    if (el && el.scrollWidth > el.clientWidth + 1 &&
        ['auto', 'scroll', 'visible'].includes(getComputedStyle(el).overflowX) &&
        (el === document.documentElement || getComputedStyle(el).overflowX !== 'visible')) {
      problems.push(`${el.tagName.toLowerCase()} scrolls sideways ` +
                    `(${el.scrollWidth} px of content in ${el.clientWidth} px)`);
    }
  }
  return problems;
}"""


def legend_problems(page: Any) -> list[str]:
    """Problems of the network legend's entries for participants and the control group:
    each must be visible text inside the legend's panel, at least MIN_TEXT_PX high."""
    legend = page.get_by_role("list", name=NETWORK_LEGEND)
    if legend.count() != 1:
        return [f"no legend in the page's text named {NETWORK_LEGEND!r} (a legend drawn "
                "inside a picture cannot be checked or scaled)"]
    problems = []
    panel = legend.evaluate("(e, sel) => { const p = e.closest(sel); if (!p) return null;"
                            " const r = p.getBoundingClientRect();"
                            " return {x: r.x, y: r.y, width: r.width, height: r.height}; }",
                            PANEL)
    for text in ("participant", "control group"):
        entry = legend.get_by_text(text)
        if entry.count() != 1 or not entry.is_visible():
            problems.append(f"the network legend shows no {text!r}")
            continue
        r = entry.bounding_box()
        if panel is None or not (
                r["x"] >= panel["x"] - 1 and r["y"] >= panel["y"] - 1
                and r["x"] + r["width"] <= panel["x"] + panel["width"] + 1
                and r["y"] + r["height"] <= panel["y"] + panel["height"] + 1):
            problems.append(f"the legend's {text!r} {r} lies outside its panel {panel}")
        size = float(entry.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
        if size < MIN_TEXT_PX:
            problems.append(f"the legend's {text!r} is {size:g} px, below {MIN_TEXT_PX} px")
    return problems


@pytest.mark.parametrize(("width", "height", "sidebar"), SCREENS,
                         ids=[f"{w}x{h}" + ("" if s else "-nosidebar") for w, h, s in SCREENS])
def test_layout_fits_the_screen(app_url: str, screenshot_dir: Path, width: int,
                                height: int, sidebar: bool) -> None:
    from playwright.sync_api import sync_playwright

    # The smallest text drawn in a figure, in pixels of the picture, and the least scale
    # at which it still reads as MIN_TEXT_PX on the screen.
    text_px = app_charts.SMALL_TEXT * app_charts.DPI / 72
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.set_default_timeout(PAGE_TIMEOUT_MS)
            page.goto(app_url)
            page.locator(f"{PANEL} img").nth(CHARTS - 1).wait_for()
            wait_for_summary(page, "Week 0")
            for week in range(1, 4):  # past intake: participants, controls, a funnel
                page.get_by_role("button", name="Step").click()
                wait_for_summary(page, f"Week {week}")
            if not sidebar:
                page.locator("header button").first.click()  # the app bar's ☰
                page.locator("nav.v-navigation-drawer--open").wait_for(state="detached")
            page.wait_for_function(
                "() => [...document.querySelectorAll('.solara-autorouter-content img')]"
                ".every(i => i.complete && i.naturalWidth > 0)")
            page.wait_for_timeout(500)  # let the layout settle after the last pictures
            name = f"app-{width}x{height}" + ("" if sidebar else "-nosidebar")
            shots = [screenshot_dir / f"{name}.png"]
            page.screenshot(path=shots[0])
            problems = page.evaluate(LAYOUT_PROBLEMS, [PANEL, MIN_TEXT_PX / text_px])
            problems += legend_problems(page)
            panels = page.locator(PANEL)
            for i in range(panels.count()):  # each panel, scrolled into view
                shots.append(screenshot_dir / f"{name}-panel{i + 1}.png")
                panels.nth(i).screenshot(path=shots[-1])
        finally:
            browser.close()
    assert not problems, (f"at {width}x{height} (screenshots: {shots[0]} and the panels "
                          f"beside it):\n" + "\n".join(problems))


#: docs/workshop.md, exercise 1, step 1: Render interval 5, Step eight times: week 40.
RENDER_INTERVAL = "Render interval (weeks per Step)"
WORKSHOP_RENDER, WORKSHOP_STEPS = 5, 8


def shown_png(page: Any, image: Any) -> tuple[bytes, float]:
    """The bytes of the picture ``image`` shows and the scale at which it is shown (CSS
    pixels per pixel of the picture)."""
    found = image.evaluate("""async (img) => {
        const data = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
        let text = '';
        for (let i = 0; i < data.length; i += 8192)
            text += String.fromCharCode(...data.subarray(i, i + 8192));
        const r = img.getBoundingClientRect();
        return {png: btoa(text), scale: Math.min(r.width / img.naturalWidth,
                                                 r.height / img.naturalHeight)};
    }""")
    return base64.b64decode(found["png"]), float(found["scale"])


def test_workshop_exercise_1_arrows_are_long_enough_for_a_projector(
        app_url: str, screenshot_dir: Path) -> None:
    from playwright.sync_api import sync_playwright

    from hiresim.app.page import TeachingModel, classroom_params
    from hiresim.app.panels import CHARTS as PANEL_CHARTS
    from hiresim.app.panels import figure_png

    # The same run in this process: its skills picture and where its arrows lie.
    model = TeachingModel(classroom_params(), rng=1)
    for _ in range(WORKSHOP_RENDER * WORKSHOP_STEPS):
        model.step()
    expected = figure_png(app_charts.skills_figure, model)
    spans = app_charts.arrow_spans(app_charts.skills_figure(model))
    zero, hundredth = spans["hundredth"]
    tip = {arm: spans[f"{app_charts.ARROW_GID}:informal:{arm}"][1]
           for arm in ("participants", "control group")}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=VIEWPORT)
            page.set_default_timeout(PAGE_TIMEOUT_MS)
            page.goto(app_url)
            page.locator(f"{PANEL} img").nth(CHARTS - 1).wait_for()
            wait_for_summary(page, "Week 0")
            slider = page.get_by_role("slider", name=RENDER_INTERVAL)
            slider.focus()
            for _ in range(WORKSHOP_RENDER - 1):
                slider.press("ArrowRight")
            assert slider.get_attribute("aria-valuenow") == str(WORKSHOP_RENDER)
            for k in range(1, WORKSHOP_STEPS + 1):
                page.get_by_role("button", name="Step").click()
                wait_for_summary(page, f"Week {WORKSHOP_RENDER * k}")
            image = page.locator(f"{PANEL} img").nth(
                [title for title, _ in PANEL_CHARTS].index("Skills"))
            deadline = time.monotonic() + 60  # the last pictures may still be on their way
            png, scale = shown_png(page, image)
            while png != expected and time.monotonic() < deadline:
                page.wait_for_timeout(500)
                png, scale = shown_png(page, image)
            image.scroll_into_view_if_needed()
            shots = [screenshot_dir / "workshop-exercise-1.png",
                     screenshot_dir / "workshop-exercise-1-skills.png"]
            page.screenshot(path=shots[0])
            image.screenshot(path=shots[1])
        finally:
            browser.close()
    assert png == expected, f"the skills panel does not show week 40 of seed 1 ({shots})"
    # On the screen, a hundredth of skill and the participants' lead under Informal skill
    # (one or two hundredths, docs/workshop.md) are at least MIN_HUNDREDTH_PX long.
    assert (hundredth - zero) * scale >= app_charts.MIN_HUNDREDTH_PX, shots
    lead = (tip["participants"] - tip["control group"]) * scale
    assert lead >= app_charts.MIN_HUNDREDTH_PX, (lead, shots)
