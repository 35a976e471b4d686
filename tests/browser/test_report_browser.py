"""The analyst's report in a real browser: the answer first, nothing that overflows.

A small run of a scenario with several variants (participant_selection.yaml, shrunk: a
market of 2,000 people, 32 weeks, two replications) writes report.html; headless Debian
chromium, driven by playwright, opens it from disk at a laptop's and a projector's size
(1366×768 and 1920×1080) and checks that the answer box is the first section and starts
on the first screen, that the comparison of every variant with the base is there and
fits the page, that no text overflows its box (table cells, paragraphs, list items,
headings, captions), that no picture is wider than the page and that the page needs no
sideways scrolling.

Screenshots of the first screen and of the whole page land in the directory named by
``HIRESIM_SCREENSHOT_DIR``, or else in ``hiresim-report-screenshots`` in the system's
temporary directory (each run replaces the last; a failure names the files).
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from test_app_browser import CHROMIUM, CHROMIUM_ARGS, require_browser, screenshot_folder

from hiresim.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
SHRINK = ["--replications", "2", "--set", "labour_force=2000", "--set", "weeks=32",
          "--set", "horizons_months=[3, 6]", "--workers", "2", "--quiet"]
SCREENS = [(1366, 768), (1920, 1080)]
VARIANTS = ["base", "random", "need", "demand"]  # participant_selection.yaml's designs

#: What the page shows first, and what overflows: returns
#: {first: [the first section's heading and the class of the box after it], answerTop,
#:  designs: [row heads of the comparison], columns, problems: [sentences]}.
PAGE_FACTS = """() => {
  const problems = [];
  const show = (el) => el.tagName.toLowerCase() +
    (el.className ? '.' + el.className : '') + ` "${el.textContent.trim().slice(0, 50)}"`;
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1)
    problems.push(`the page scrolls sideways (${doc.scrollWidth} px in ${doc.clientWidth})`);
  for (const el of document.querySelectorAll('td, th, p, li, h1, h2, h3, h4, figcaption')) {
    if (el.scrollWidth > el.clientWidth + 1)
      problems.push(`${show(el)}: text ${el.scrollWidth} px wide in a box of ` +
                    `${el.clientWidth} px`);
  }
  for (const img of document.querySelectorAll('img')) {
    const r = img.getBoundingClientRect();
    if (r.left < -1 || r.right > doc.clientWidth + 1 || !img.naturalWidth)
      problems.push(`img "${img.alt}" spans ${Math.round(r.left)}-${Math.round(r.right)} ` +
                    `px of a page ${doc.clientWidth} px wide (loaded: ${!!img.naturalWidth})`);
  }
  const table = document.querySelector('.answer table.comparison');
  if (table && table.scrollWidth > table.clientWidth + 1)
    problems.push(`the comparison table needs sideways scrolling (${table.scrollWidth} px ` +
                  `in ${table.clientWidth})`);
  const h2 = document.querySelector('h2');
  const box = document.querySelector('.answer');
  return {
    first: [h2 ? h2.textContent : null,
            h2 && h2.nextElementSibling ? h2.nextElementSibling.className : null],
    answerTop: box ? box.getBoundingClientRect().top : null,
    designs: table ? [...table.querySelectorAll('tr')].slice(1)
      .map((tr) => tr.querySelector('th').firstChild.textContent.trim()) : [],
    columns: table ? table.querySelector('tr').querySelectorAll('th').length - 1 : 0,
    problems,
  };
}"""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """report.html of participant_selection.yaml, shrunk."""
    require_browser()
    out = tmp_path_factory.mktemp("report") / "selection"
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["run", str(ROOT / "scenarios" / "participant_selection.yaml"),
                     "--out", str(out), *SHRINK])
    assert code == 0
    return out / "report.html"


@pytest.fixture(scope="module")
def screenshot_dir() -> Path:
    """Where the screenshots go (see the module's docstring)."""
    return screenshot_folder("hiresim-report-screenshots")


@pytest.mark.parametrize(("width", "height"), SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def test_report_reads_in_the_browser(report: Path, screenshot_dir: Path, width: int,
                                     height: int) -> None:
    from playwright.sync_api import sync_playwright

    shots = [screenshot_dir / f"report-{width}x{height}.png",
             screenshot_dir / f"report-{width}x{height}-full.png"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(report.as_uri())
            page.wait_for_function(
                "() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")
            page.screenshot(path=shots[0])
            page.screenshot(path=shots[1], full_page=True)
            facts = page.evaluate(PAGE_FACTS)
        finally:
            browser.close()
    where = f"at {width}x{height} (screenshots: {shots[0]}, {shots[1]})"
    assert facts["first"] == ["The answer", "answer"], where
    assert facts["answerTop"] < height / 2, f"the answer starts below the first screen {where}"
    assert facts["designs"] == VARIANTS, where
    assert facts["columns"] == 4, where
    assert not facts["problems"], f"{where}:\n" + "\n".join(facts["problems"])
    assert not errors, errors
