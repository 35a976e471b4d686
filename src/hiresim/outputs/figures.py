"""Figures of a scenario run, each with 95 % interval bands over replications.

* ``employment.png`` — participants' employment and right-level rates over time, in the
  programme world (solid) and the twin world (dashed), per variant; without a programme,
  employment by group.
* ``effects.png`` — the estimands with their intervals: the truth (twin world) next to
  what an RCT and the naive comparisons would report.
* ``comparison.png`` — every variant's effect minus the base's (paired by
  replication) per headline estimand and horizon (`comparison_figure`).
* ``effects_over_time.png`` — the true effects week by week (programme minus twin).
* ``survival.png`` — share of participants not yet hired, and not yet at the right
  level, since intake.
* ``funnel.png`` — the hiring funnel by group: callbacks per application, offers per
  callback, hires per application.
* ``skills.png`` — participants' formal and informal skill over time.
* ``programme.png`` — dyads active and dormant, employer belief gap, diversity.

Levels of shares are drawn on axes at least 20 percentage points high, and skills on
axes at least 0.2 high (`level_axis`): employment of 94-100 % is not stretched over the
whole panel, where noise of a fraction of a point would look like a swing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..model.estimands import ESTIMANDS, TARGETS
from ..model.state import GROUPS
from ..pipeline.atomic import write_figure
from ..pipeline.evaluation import (
    PROGRAMME,
    TWIN,
    curve,
    headline_horizon,
    paired_curve,
    world_frames,
)
from .colours import colour
from .comparison_figure import comparison_figure

if TYPE_CHECKING:
    from ..pipeline.runner import ScenarioResult

__all__ = ["FIGURES", "write_figures"]

DPI = 110
#: The least height of an axis of levels in per cent (percentage points) and on the 0-1
#: skill scale: a level that moves by a fraction of a point from week to week is not
#: drawn as if it swung across the panel.
MIN_SPAN = {"percent": 20.0, "skill": 0.2}


def _band(ax: plt.Axes, c: pd.DataFrame, colour: tuple, label: str | None,
          linestyle: str = "-", scale: float = 1.0, band: bool = True) -> None:
    ax.plot(c["week"], c["mean"] * scale, color=colour, linestyle=linestyle, label=label,
            linewidth=1.6)
    if band and c["ci_low"].notna().any():
        ax.fill_between(c["week"], c["ci_low"] * scale, c["ci_high"] * scale, color=colour,
                        alpha=0.18 if linestyle == "-" else 0.09, linewidth=0)


def level_axis(ax: plt.Axes, span: float, low: float = 0.0, high: float = 100.0) -> None:
    """Keep ``ax``'s y-axis within [``low``, ``high``] (the range of the levels drawn)
    and widen it to at least ``span`` around what it shows."""
    lo, hi = ax.get_ylim()
    lo, hi = max(low, lo), min(high, hi)
    if hi - lo < span:
        lo = max(low, (lo + hi) / 2 - span / 2)
        hi = min(high, lo + span)
        lo = max(low, hi - span)
    ax.set_ylim(lo, hi)


def _frame(result: ScenarioResult, variant: str, world: str = PROGRAMME) -> pd.DataFrame:
    """One variant's world from the time series (split once per result)."""
    frames = result.__dict__.get("_world_frames")
    if frames is None:
        frames = result.__dict__["_world_frames"] = world_frames(result.timeseries)
    return frames[(variant, world)]


def _intake_lines(ax: plt.Axes, result: ScenarioResult) -> None:
    weeks = sorted({info.intake for info in result.infos.values() if info.has_programme})
    for w in weeks:
        ax.axvline(w, color="0.6", linewidth=0.8, linestyle=":")


def _with_programme(result: ScenarioResult) -> list[str]:
    return [v for v, info in result.infos.items() if info.has_programme]


def _world_panels(result: ScenarioResult, panels: list[tuple[str, str, float]],
                  title: str, ylabel_note: str = "") -> plt.Figure:
    """One panel per metric: each variant's programme world solid, its twin dashed."""
    variants = _with_programme(result)
    fig, axes = plt.subplots(1, len(panels), figsize=(5.2 * len(panels), 3.9), squeeze=False)
    for ax, (metric, label, scale) in zip(axes[0], panels, strict=True):
        for i, v in enumerate(variants):
            _band(ax, curve(_frame(result, v), metric), colour(i), f"{v}: programme",
                  scale=scale)
            if result.scenario.twin:
                _band(ax, curve(_frame(result, v, TWIN), metric), colour(i),
                      f"{v}: without (twin)", linestyle="--", scale=scale)
        _intake_lines(ax, result)
        if scale == 100:
            level_axis(ax, MIN_SPAN["percent"])
        else:
            level_axis(ax, MIN_SPAN["skill"], high=1.0)
        ax.set_title(label, fontsize=10)
        ax.set_xlabel("week")
        ax.grid(alpha=0.3)
    axes[0][0].set_ylabel(ylabel_note)
    axes[0][-1].legend(fontsize=7, loc="best")
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    return fig


def employment_figure(result: ScenarioResult) -> plt.Figure:
    """Participants' employment and right-level rates, programme versus twin world."""
    if not _with_programme(result):
        fig, axes = plt.subplots(1, 2, figsize=(10.4, 3.9))
        for ax, what, label in ((axes[0], "employment_rate", "Employment rate (%)"),
                                (axes[1], "right_level_rate", "At the right level (%)")):
            for i, v in enumerate(result.infos):
                for g, ls in zip(GROUPS, ("-", "--"), strict=True):
                    _band(ax, curve(_frame(result, v), f"{what}_{g}"), colour(i), f"{v}: {g}",
                          linestyle=ls, scale=100)
            level_axis(ax, MIN_SPAN["percent"])
            ax.set_title(label, fontsize=10)
            ax.set_xlabel("week")
            ax.grid(alpha=0.3)
        axes[1].legend(fontsize=7)
        fig.suptitle("Employment by group (no programme)", fontsize=11)
        fig.tight_layout()
        return fig
    return _world_panels(
        result, [("employment_rate_treatment", "Participants employed (%)", 100),
                 ("right_level_rate_treatment", "Participants at the right level (%)", 100)],
        "Participants with the programme (solid) and without it (dashed, twin world)")


def effects_figure(result: ScenarioResult) -> plt.Figure | None:
    """Forest plot of the estimands at one horizon, per variant."""
    h = headline_horizon(result.effects)
    if h is None:
        return None
    eff = result.effects[result.effects["horizon"] == h]
    share = [e for e in ("gross_employment", "gross_right_level", "displacement_eligible",
                         "rct_employment", "rct_right_level", "naive_employment",
                         "naive_right_level", "before_after_employment",
                         "before_after_right_level") if e in set(eff["estimand"])]
    persons = [e for e in ("gross_jobs", "displacement_jobs", "net_jobs",
                           "gross_right_level_jobs", "displacement_right_level_jobs",
                           "net_right_level_jobs") if e in set(eff["estimand"])]
    panels = [(share, "percentage points", 100.0)]
    if persons:
        panels.append((persons, "persons", 1.0))
    variants = list(dict.fromkeys(eff["variant"]))
    widths = [2.2, 1.3] if len(panels) == 2 else [1]
    fig, axes = plt.subplots(1, len(panels), figsize=(12, 0.42 * len(share) + 1.8),
                             squeeze=False, gridspec_kw={"width_ratios": widths})
    for ax, (names, unit, scale) in zip(axes[0], panels, strict=True):
        k = len(variants)
        marked = False
        for i, v in enumerate(variants):
            rows = eff[eff["variant"] == v].set_index("estimand")
            ys = np.arange(len(names)) + (i - (k - 1) / 2) * (0.7 / max(k, 1))
            for y, name in zip(ys, names, strict=True):
                if name not in rows.index:
                    continue
                r = rows.loc[name]
                target = TARGETS.get(name)
                if target in rows.index:  # the truth it estimates, on its own row
                    truth = rows.loc[target, "mean"] * scale
                    ax.plot([truth, r["mean"] * scale], [y, y], ":", color="0.55",
                            linewidth=1.0)
                    ax.plot(truth, y, "D", markerfacecolor="white", markeredgecolor="0.3",
                            markersize=5, zorder=3,
                            label="the true effect it estimates" if not marked else None)
                    marked = True
                ax.plot(r["mean"] * scale, y, "o", color=colour(i), markersize=4,
                        label=v if name == names[0] else None)
                if np.isfinite(r["ci_low"]):
                    ax.plot([r["ci_low"] * scale, r["ci_high"] * scale], [y, y],
                            color=colour(i), linewidth=1.4)
        ax.axvline(0, color="0.3", linewidth=0.8)
        n_truth = sum(ESTIMANDS[n].family == "truth" for n in names)
        if 0 < n_truth < len(names):
            ax.axhline(n_truth - 0.5, color="0.5", linewidth=0.8, linestyle="--")
            ax.text(0.99, n_truth - 0.55, "truth (twin world)", transform=ax.get_yaxis_transform(),
                    ha="right", va="bottom", fontsize=7, color="0.35")
            ax.text(0.99, n_truth - 0.45, "what an evaluation would report",
                    transform=ax.get_yaxis_transform(), ha="right", va="top", fontsize=7,
                    color="0.35")
        ax.set_yticks(np.arange(len(names)))
        ax.set_yticklabels([ESTIMANDS[n].label for n in names], fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel(unit)
        ax.grid(axis="x", alpha=0.3)
    axes[0][0].legend(fontsize=7, loc="best")
    fig.suptitle(f"Effects {h:g} months after intake (mean and 95 % interval)", fontsize=11)
    fig.tight_layout()
    return fig


def _paired_panels(result: ScenarioResult, panels: list[tuple[str, str, float]],
                   title: str) -> plt.Figure:
    """One panel per metric: the programme world minus its twin, week by week, paired by
    replication (so its interval is that of the effect, not of either world)."""
    ts = result.timeseries
    fig, axes = plt.subplots(1, len(panels), figsize=(4.7 * len(panels), 3.8), squeeze=False)
    for ax, (metric, label, scale) in zip(axes[0], panels, strict=True):
        for i, v in enumerate(_with_programme(result)):
            _band(ax, paired_curve(ts, metric, v, scale), colour(i), v)
        ax.axhline(0, color="0.3", linewidth=0.8)
        _intake_lines(ax, result)
        ax.set_title(label, fontsize=10)
        ax.set_xlabel("week")
        ax.grid(alpha=0.3)
    axes[0][-1].legend(fontsize=7)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    return fig


def effects_over_time_figure(result: ScenarioResult) -> plt.Figure | None:
    """The true effects week by week: participants' rates and net jobs."""
    if not result.scenario.twin or not _with_programme(result):
        return None
    return _paired_panels(
        result, [("employment_rate_treatment", "Participants employed (pp)", 100.0),
                 ("right_level_rate_treatment", "Participants at the right level (pp)", 100.0),
                 ("unemployed", "Net jobs (persons)", -1.0)],
        "True effects over time: programme world minus twin world")


def survival_figure(result: ScenarioResult) -> plt.Figure | None:
    """Share of participants not yet hired / not yet at the right level since intake."""
    variants = _with_programme(result)
    if not variants:
        return None
    fig, axes = plt.subplots(1, 2, figsize=(10.4, 3.9))
    for ax, metric, label in ((axes[0], "hired_since_intake", "Not yet hired since intake"),
                              (axes[1], "right_level_since_intake",
                               "Not yet in a job at the right level")):
        for i, v in enumerate(variants):
            start = result.infos[v].intake
            for world, ls, tag in ((PROGRAMME, "-", "programme"), (TWIN, "--", "twin")):
                if world == TWIN and not result.scenario.twin:
                    continue
                c = curve(_frame(result, v, world), f"{metric}_treatment", transform="survival")
                c = c[c["week"] >= start].assign(week=lambda d, s=start: d["week"] - s)
                _band(ax, c, colour(i), f"{v}: {tag}", linestyle=ls, scale=100,
                      band=len(variants) == 1 or world == PROGRAMME)
            c = curve(_frame(result, v, PROGRAMME), f"{metric}_eligible", transform="survival")
            c = c[c["week"] >= start].assign(week=lambda d, s=start: d["week"] - s)
            _band(ax, c, colour(i), f"{v}: eligible non-participants", linestyle=":",
                  scale=100, band=False)
        ax.set_title(label + " (%)", fontsize=10)
        ax.set_xlabel("weeks since intake")
        ax.set_ylim(0, 100)
        ax.grid(alpha=0.3)
    axes[1].legend(fontsize=7)
    fig.suptitle("Time to first job: survival curves of participants", fontsize=11)
    fig.tight_layout()
    return fig


def funnel_figure(result: ScenarioResult) -> plt.Figure | None:
    """Callbacks per application, offers per callback and hires per application by group."""
    s = result.summary
    s = s[(s["world"] == PROGRAMME) & (s["horizon"] > 0)]
    if s.empty:
        return None
    h = s["horizon"].max()
    s = s[s["horizon"] == h].set_index(["variant", "metric"])
    stages = [("callbacks_per_application", "callbacks per application"),
              ("offers_per_callback", "offers per callback"),
              ("hires_per_application", "hires per application")]
    variants = list(result.infos)
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.6))
    width = 0.8 / (2 * len(variants))
    for ax, (stage, label) in zip(axes, stages, strict=True):
        for i, v in enumerate(variants):
            for j, g in enumerate(GROUPS):
                key = (v, f"{stage}_{g}")
                if key not in s.index:
                    continue
                r = s.loc[key]
                x = (2 * i + j) * width
                err = None
                if np.isfinite(r["ci_low"]):
                    err = [[(r["mean"] - r["ci_low"]) * 100], [(r["ci_high"] - r["mean"]) * 100]]
                ax.bar(x, r["mean"] * 100, width * 0.9, color=colour(i),
                       alpha=1.0 if j == 0 else 0.5, yerr=err, capsize=2,
                       label=f"{v}: {g}")
        ax.set_title(f"{label} (%)", fontsize=10)
        ax.set_xticks([])
        ax.grid(axis="y", alpha=0.3)
    axes[-1].legend(fontsize=7)
    fig.suptitle(f"Hiring funnel by group, intake to {h:g} months (programme world; "
                 "dark: majority, light: immigrant)", fontsize=11)
    fig.tight_layout()
    return fig


def skills_figure(result: ScenarioResult) -> plt.Figure | None:
    """Participants' formal and informal skill: the programme's effect on them (paired
    with the twin world), or their level without a twin world."""
    if not _with_programme(result):
        return None
    panels = [("formal_treatment", "Participants' formal skill", 1.0),
              ("informal_treatment", "Participants' informal skill", 1.0)]
    if result.scenario.twin:
        return _paired_panels(result, panels, "Effect on participants' skills (0-1 scale): "
                              "programme world minus twin world")
    return _world_panels(result, panels, "Skills of participants (0-1 scale)")


def programme_figure(result: ScenarioResult) -> plt.Figure | None:
    """Dyad activity, employer belief gap and diversity."""
    variants = _with_programme(result) or list(result.infos)
    paired = result.scenario.twin and bool(_with_programme(result))
    fig, axes = plt.subplots(1, 3, figsize=(14, 3.8))
    for i, v in enumerate(variants):
        _band(axes[0], curve(_frame(result, v), "dyads_active"), colour(i), f"{v}: active")
        _band(axes[0], curve(_frame(result, v), "dyads_dormant"), colour(i), f"{v}: dormant",
              linestyle=":")
        for ax, metric, scale in ((axes[1], "belief_gap", 1.0),
                                  (axes[2], "immigrant_share_staff", 100.0)):
            if paired:  # the effect, not two levels whose noise the axis would magnify
                _band(ax, paired_curve(result.timeseries, metric, v, scale), colour(i), v)
                ax.axhline(0, color="0.3", linewidth=0.8)
            else:
                _band(ax, curve(_frame(result, v), metric), colour(i), v, scale=scale)
    if not paired:
        level_axis(axes[2], MIN_SPAN["percent"])
    effect = "effect on " if paired else ""
    titles = ("Mentor-mentee pairs (dyads)",
              f"Employer belief gap: {effect}belief minus truth",
              f"Diversity: {effect}immigrant share of staff ({'pp' if paired else '%'})")
    for ax, title in zip(axes, titles, strict=True):
        _intake_lines(ax, result)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("week")
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=7)
    axes[2].legend(fontsize=7)
    fig.suptitle("Programme activity and employers", fontsize=11)
    fig.tight_layout()
    return fig


#: File name → figure builder (None: nothing to show for this scenario).
FIGURES: dict[str, Callable[[ScenarioResult], plt.Figure | None]] = {
    "employment.png": employment_figure,
    "effects.png": effects_figure,
    "comparison.png": comparison_figure,
    "effects_over_time.png": effects_over_time_figure,
    "survival.png": survival_figure,
    "funnel.png": funnel_figure,
    "skills.png": skills_figure,
    "programme.png": programme_figure,
}


def write_figures(result: ScenarioResult, directory: Path) -> list[Path]:
    """Draw every figure that applies to this scenario into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in FIGURES.items():
        fig = build(result)
        if fig is None:
            continue
        try:
            written.append(write_figure(directory / name, fig, dpi=DPI,
                                        metadata={"Software": None}))
        finally:
            plt.close(fig)
    return written
