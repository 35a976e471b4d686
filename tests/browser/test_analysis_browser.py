"""``analysis.html`` in a real browser: headless Debian chromium, driven by playwright,
opens the page of a tiny sweep from disk at a laptop's width (1366 px) and checks that
the headline box comes first, that every figure is drawn, that nothing needs sideways
scrolling and that no figure is wider than the text column. A screenshot of the whole
page lands in ``HIRESIM_SCREENSHOT_DIR`` (else ``hiresim-analysis-screenshots`` in the
system's temporary directory).
"""

from __future__ import annotations

from pathlib import Path

from tests.browser.test_app_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    require_browser,
    screenshot_folder,
)
from tests.test_analysis_page import EXPERIMENT, SCENARIO
from tests.test_experiment import write_experiment

from hiresim.config.experiment import load_experiment
from hiresim.sweep.runs import run_sweep
from hiresim.sweep.sensitivity import analyze


def test_analysis_page_in_chromium(tmp_path: Path) -> None:
    require_browser()
    from playwright.sync_api import sync_playwright

    path = write_experiment(tmp_path, EXPERIMENT, scenario=SCENARIO)
    run_sweep(load_experiment(path), tmp_path / "sweep", workers=1, progress=False)
    page_file = analyze(tmp_path / "sweep").page
    assert page_file is not None
    shots = screenshot_folder("hiresim-analysis-screenshots")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.goto(page_file.as_uri())
            page.screenshot(path=shots / "analysis.png", full_page=True)
            assert page.locator("h2").first.inner_text() == "What the sweep shows"
            assert page.locator("h2").first.evaluate(
                "h => h.nextElementSibling.className") == "answer"
            drawn = page.eval_on_selector_all(
                "img", "imgs => imgs.map(i => i.complete && i.naturalWidth > 0)")
            assert drawn and all(drawn)
            assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
            column = page.evaluate("document.body.clientWidth")
            widths = page.eval_on_selector_all(
                "img", "imgs => imgs.map(i => i.getBoundingClientRect().width)")
            assert max(widths) <= column, f"see {shots / 'analysis.png'}"
        finally:
            browser.close()
