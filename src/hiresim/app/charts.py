"""The dashboard's charts: matplotlib figures drawn from a teaching model's state.

Each function takes the running `TeachingModel` and returns a finished
``matplotlib.figure.Figure`` (no pyplot, so drawing is safe from any thread). Colours
mean the same thing everywhere: blue the majority, orange immigrants, black the
programme's participants, grey the control group and the eligible who were not taken in.

The page shows every figure at the width of its panel (`hiresim.app.panels`), from about
540 to 1,000 pixels. Text sizes are chosen for the narrowest: `SMALL_TEXT` points on a
`WIDTH`-inch figure still read as 14 pixels on the screen, a size a room can read on a
projector; `DPI` gives the pictures enough pixels to stay sharp at the widest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..model.state import ARM_CONTROL, ARM_TREATED, IMMIGRANT, MAJORITY
from . import network

if TYPE_CHECKING:
    from .teaching_model import TeachingModel

WIDTH = 6.4  # inches, of every chart but the network picture
FIGSIZE = (WIDTH, 4.2)
DPI = 150
SMALL_TEXT = 12  # points: tick labels, legends, notes (the smallest text of any figure)
TEXT = 13  # points: axis labels
TITLE = 14  # points: titles
NETWORK_SIZE = (5.0, 4.83)  # inches: the ring and its field labels, nothing else
MAJORITY_COLOUR = "#3b6fb6"
IMMIGRANT_COLOUR = "#e07b28"
PARTICIPANT_COLOUR = "black"
CONTROL_COLOUR = "#7f7f7f"
#: (metric suffix, legend text, colour, line style, width)
SERIES = (
    ("majority", "majority", MAJORITY_COLOUR, "-", 1.6),
    ("immigrant", "immigrant background", IMMIGRANT_COLOUR, "-", 1.6),
    ("treatment", "participants", PARTICIPANT_COLOUR, "-", 2.4),
    ("control", "control group", CONTROL_COLOUR, "--", 1.8),
    ("eligible", "eligible, not taken in", CONTROL_COLOUR, ":", 1.6),
)


def new_figure(ncols: int = 1, size: tuple[float, float] = FIGSIZE, *, bottom: float = 0.12,
               top: float = 0.88, left: float = 0.11) -> tuple[Figure, list[Axes]]:
    """A figure with ``ncols`` axes side by side, with fixed margins (a fixed layout is
    several times quicker to draw than matplotlib's automatic one)."""
    fig = Figure(figsize=size, dpi=DPI)
    axes = fig.subplots(1, ncols, squeeze=False)[0]
    fig.subplots_adjust(left=left, right=0.98, bottom=bottom, top=top, wspace=0.22)
    for ax in axes:
        ax.tick_params(labelsize=SMALL_TEXT)
    return fig, list(axes)


def intake_weeks(model: TeachingModel) -> list[int]:
    """The intake week of every programme."""
    return sorted({p.start_week for p in model.params.programmes})


def mark_intake(ax: Axes, model: TeachingModel) -> None:
    """A vertical line at each programme's intake."""
    for week in intake_weeks(model):
        ax.axvline(week, color="#999999", lw=1, ls="-.", zorder=0)
        ax.text(week, 0.02, " intake", transform=ax.get_xaxis_transform(),
                fontsize=SMALL_TEXT, color="#666666", rotation=90, va="bottom", ha="right")


def week_axis(ax: Axes, model: TeachingModel) -> None:
    """The x axis in weeks, wide enough for the run so far."""
    ax.set_xlim(0, max(model.week, 8))
    ax.set_xlabel("week", fontsize=TEXT)
    ax.grid(alpha=0.3)


def employment_figure(model: TeachingModel) -> Figure:
    """Employment and employment at the right level, by group and by arm, week by week."""
    frame = model.results()
    fig, axes = new_figure(2, bottom=0.34, top=0.86, left=0.12)
    for ax, what, title in ((axes[0], "employment_rate", "In work"),
                            (axes[1], "right_level_rate",
                             "In work at the right level\n(own level and field)")):
        for suffix, text, colour, style, width in SERIES:
            series = frame.get(f"{what}_{suffix}")
            if series is None or series.notna().sum() == 0:
                continue
            ax.plot(frame.index, 100 * series, color=colour, ls=style, lw=width, label=text,
                    marker="o" if len(frame) == 1 else None)
        mark_intake(ax, model)
        week_axis(ax, model)
        ax.set_ylim(0, 102)
        ax.set_title(title, fontsize=TITLE)
    axes[0].set_ylabel("% of the group", fontsize=TEXT)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncols=3, fontsize=SMALL_TEXT,
               frameon=False, columnspacing=1.0, handlelength=1.5)
    return fig


FUNNEL_STAGES = (("callbacks", "called back"), ("offers", "offered a job"), ("hires", "hired"))


def funnel_counts(frame: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Applications, callbacks, offers, hires and referral hires since week 1, by group."""
    since = frame.loc[frame.index >= 1]
    return {g: {stage: float(since[f"{stage}_{g}"].sum())
                for stage in ("applications", "callbacks", "offers", "hires", "referral_hires")}
            for g in ("majority", "immigrant")}


def funnel_figure(model: TeachingModel) -> Figure:
    """The hiring funnel by group: of 100 applications, how many get each stage."""
    counts = funnel_counts(model.results())
    fig, (ax,) = new_figure(top=0.84, bottom=0.22, left=0.14)
    if not counts["majority"]["applications"] + counts["immigrant"]["applications"]:
        ax.set_title("Hiring funnel", fontsize=TITLE)
        ax.text(0.5, 0.5, "No applications yet: press Step", ha="center", va="center",
                fontsize=TITLE, color="#666666", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    x = np.arange(len(FUNNEL_STAGES))
    for k, (g, text, colour) in enumerate((("majority", "majority", MAJORITY_COLOUR),
                                           ("immigrant", "immigrant background",
                                            IMMIGRANT_COLOUR))):
        c = counts[g]
        apps = c["applications"]
        values = [100 * c[s] / apps if apps else 0.0 for s, _ in FUNNEL_STAGES]
        bars = ax.bar(x + (k - 0.5) * 0.38, values, 0.36, color=colour,
                      label=f"{text} ({int(apps):,} applications)")
        ax.bar_label(bars, fmt="%.1f", fontsize=SMALL_TEXT, padding=2)
    ax.set_xticks(x, [text for _, text in FUNNEL_STAGES])
    ax.set_ylabel("per 100 applications", fontsize=TEXT)
    ax.grid(axis="y", alpha=0.3)
    ax.margins(y=0.12)
    share = [100 * counts[g]["referral_hires"] / counts[g]["hires"] if counts[g]["hires"]
             else float("nan") for g in ("majority", "immigrant")]
    ax.set_title(f"Hiring funnel, weeks 1-{model.week}", fontsize=TITLE, pad=26)
    ax.text(0.5, 1.02, f"hired through a contact: majority {share[0]:.0f} %, "
            f"immigrants {share[1]:.0f} %", transform=ax.transAxes, ha="center",
            va="bottom", fontsize=SMALL_TEXT)
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncols=1, fontsize=SMALL_TEXT,
               frameon=False)
    return fig


def _shift_arrow(ax: Axes, before: float, after: float, row: int, colour: str,
                 text: str) -> None:
    """An arrow from a group's mean skill at week 0 to its mean now, with the numbers.

    Row 0 is the top row; the numbers sit in the top-left corner in the arrow's colour.
    """
    y = 0.70 - 0.09 * row
    ax.plot([before], [y], "o", color=colour, ms=5, transform=ax.get_xaxis_transform())
    ax.annotate("", xy=(after, y), xytext=(before, y), xycoords=ax.get_xaxis_transform(),
                arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 2.5,
                            "shrinkA": 0, "shrinkB": 0})
    ax.text(0.03, 0.97 - 0.1 * row, f"{text}: {before:.2f} → {after:.2f}",
            transform=ax.transAxes, fontsize=SMALL_TEXT, va="top", color=colour)


def skills_figure(model: TeachingModel) -> Figure:
    """Formal and informal skill of both groups now; arrows: participants' and control's means.

    Each arrow runs from the arm's mean at week 0 to its mean now, so the skills channel
    shows as the participants' arrow outgrowing the control group's.
    """
    people = model.world.people
    fig, axes = new_figure(2, bottom=0.27, top=0.84, left=0.03)
    bins = np.linspace(0, 1, 26)
    arms = ((people.arm == ARM_TREATED, PARTICIPANT_COLOUR, "participants", 0),
            (people.arm == ARM_CONTROL, CONTROL_COLOUR, "control group", 1))
    for ax, name, now, start in (
            (axes[0], "Formal skill", people.formal, model.start_formal),
            (axes[1], "Informal skill", people.informal, model.start_informal)):
        for group, colour, text in ((MAJORITY, MAJORITY_COLOUR, "majority"),
                                    (IMMIGRANT, IMMIGRANT_COLOUR, "immigrant background")):
            ax.hist(now[people.group == group], bins=bins, density=True, color=colour,
                    alpha=0.35, label=text)
        for members, colour, text, row in arms:
            if members.any():
                _shift_arrow(ax, float(start[members].mean()), float(now[members].mean()),
                             row, colour, text)
        ax.set_title(name, fontsize=TITLE)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, ax.get_ylim()[1] * 2.0)
        ax.set_yticks([])
        ax.set_xlabel("skill (0-1)", fontsize=TEXT)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncols=2, fontsize=SMALL_TEXT,
               frameon=False)
    fig.suptitle(f"Skills at week {model.week}; arrows: mean at week 0 → now",
                 fontsize=TITLE)
    return fig


def beliefs_figure(model: TeachingModel) -> Figure:
    """What employers believe about immigrant applicants' skills, against the truth."""
    b = pd.DataFrame(model.beliefs).set_index("week")
    fig, (ax,) = new_figure(left=0.17, top=0.84, bottom=0.34)
    ax.plot(b.index, b["truth"], color="black", ls="--", lw=1.5,
            label="true shortfall (immigrants vs majority)")
    ax.plot(b.index, b["all"], color=network.EMPLOYER, lw=2, label="all employers believe")
    if b["exposed"].notna().any():
        ax.plot(b.index, b["exposed"], color=network.PROGRAMME, lw=2,
                label="employers touched by the programme")
    mark_intake(ax, model)
    week_axis(ax, model)
    top = float(np.nanmax(b[["truth", "all", "exposed"]].to_numpy(dtype=float)))
    ax.set_ylim(min(0.0, float(np.nanmin(b["truth"]))), max(top * 1.25, 0.01))
    ax.set_ylabel("immigrants' skill shortfall\n(0-1 skill scale)", fontsize=TEXT)
    gap = b["all"].iloc[-1] - b["truth"].iloc[-1]
    verdict = "underrate" if gap > 0 else "overrate"
    ax.set_title(f"Employers' belief about immigrant applicants\nat week {model.week} they "
                 f"{verdict} them by {abs(gap):.3f} on average", fontsize=TITLE)
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncols=1, fontsize=SMALL_TEXT,
               frameon=False)
    return fig


def network_caption(model: TeachingModel) -> str:
    """What the network picture shows this week, in one line (shown above it)."""
    people = model.world.people
    out = int((people.employer < 0).sum())
    return f"Week {model.week}: {out} of {people.n:,} people out of work"


def network_figure(model: TeachingModel) -> Figure:
    """The network picture alone (its caption and legend are the page's text)."""
    fig = Figure(figsize=NETWORK_SIZE, dpi=DPI)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    network.draw_network(ax, model.world, fontsize=SMALL_TEXT)
    return fig
