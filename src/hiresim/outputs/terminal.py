"""What `hiresim run` prints when the run is done: the key effects per variant and
horizon as a short text table, each variant's bottom line and, with variants, which
design is best (`text_summary`)."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from ..pipeline.evaluation import PROGRAMME
from .comparison import best_words, comparison
from .findings import headline
from .formatting import fmt_level, fmt_row

if TYPE_CHECKING:
    from ..pipeline.runner import ScenarioResult

__all__ = ["text_summary"]

#: The effects shown, with their column headings.
_SHORT = {"gross_employment": "employment", "gross_right_level": "right level",
          "net_jobs": "net jobs", "net_right_level_jobs": "net right-level jobs",
          "naive_employment": "naive vs eligible",
          "before_after_employment": "before/after", "rct_employment": "RCT",
          "cost_per_net_job": "cost/net job"}


def text_summary(result: ScenarioResult) -> str:
    """A short table for the terminal: the key effects per variant at each horizon."""
    e = result.effects
    lines = []
    if e.empty:
        s = result.summary
        s = s[(s["world"] == PROGRAMME) & (s["metric"].isin(
            ["employment_rate_majority", "employment_rate_immigrant",
             "right_level_rate_immigrant"]))]
        lines.append(f"{'variant':<16}{'months':>7}  {'metric':<28}{'mean [95% interval]':>28}")
        for _, r in s.iterrows():
            lines.append(f"{r['variant']:<16}{r['horizon']:>7g}  {r['metric']:<28}"
                         f"{fmt_level(r['mean'], r['ci_low'], r['ci_high'], 'share'):>28}")
        return "\n".join(lines)
    present = [w for w in _SHORT if w in set(e["estimand"])]
    rows = []
    for (v, h), sub in e.groupby(["variant", "horizon"], sort=False):
        sub = sub.set_index("estimand")
        rows.append((v[:15], f"{h:g}", [fmt_row(sub.loc[w]) if w in sub.index else ""
                                        for w in present]))
    widths = [max(len(_SHORT[w]), *(len(r[2][i]) for r in rows)) + 2
              for i, w in enumerate(present)]
    lines.append("Effects (mean [95% interval]); pp = percentage points, jobs = persons, "
                 "NOK = Norwegian kroner")
    lines.append(f"{'variant':<16}{'months':>7}" + "".join(
        f"{_SHORT[w]:>{n}}" for w, n in zip(present, widths, strict=True)))
    for v, h, cells in rows:
        lines.append(f"{v:<16}{h:>7}" + "".join(
            f"{c:>{n}}" for c, n in zip(cells, widths, strict=True)))
    for variant in result.infos:
        bottom = [f for f in headline(result, variant) if f.lead == "Bottom line."]
        if bottom:
            label = "" if len(result.infos) == 1 else f" ({variant})"
            lines += ["", textwrap.fill(f"Bottom line{label}: {bottom[0].text}", 92)]
    compared = comparison(result)
    if compared is not None:
        lines += ["", textwrap.fill(f"Which design is best? {best_words(compared)}", 92)]
    return "\n".join(lines)
